using System;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace CertRebind
{
    /// <summary>
    /// A run of the certrebind exe on PowerShell 7 (Start-CertRebindProcess). Each argument is one item of
    /// ProcessStartInfo.ArgumentList (no command line to quote), no shell and no window; standard output and error are
    /// read as UTF-8 without a byte order mark while it runs, standard input is redirected when there is input, and it
    /// starts in the given working directory (PowerShell's location, as for a native command).
    /// </summary>
    public sealed class ExeProcess : IDisposable
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);
        private readonly Task<string> standardOutput;
        private readonly Task<string> standardError;

        private ExeProcess(Process process)
        {
            Process = process;
            standardOutput = process.StandardOutput.ReadToEndAsync();
            standardError = process.StandardError.ReadToEndAsync();
        }

        /// <summary>The exe's process, for the caller's wait and its work while the exe runs.</summary>
        public Process Process { get; private set; }

        public static ExeProcess Start(string exePath, string[] arguments, string workingDirectory, bool redirectInput)
        {
            var startInfo = new ProcessStartInfo(exePath)
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = redirectInput,
                StandardOutputEncoding = Utf8,
                StandardErrorEncoding = Utf8,
                WorkingDirectory = workingDirectory,
            };
            var argumentList = ArgumentListOf(startInfo);
            foreach (var argument in arguments ?? new string[0])
            {
                argumentList.Add(argument);
            }
            return new ExeProcess(Process.Start(startInfo));
        }

        /// <summary>Waits for the end of the run and of its output: what it wrote, and its exit code.</summary>
        public ExeRunResult Finish()
        {
            // The parameterless wait also waits for the end of the redirected output.
            Process.WaitForExit();
            var error = standardError.GetAwaiter().GetResult().TrimEnd('\r', '\n');
            return new ExeRunResult(standardOutput.GetAwaiter().GetResult(), error, Process.ExitCode);
        }

        /// <summary>Waits for a run that was stopped (Ctrl+C reaches the exe too): it finishes or rolls back, never killed midway.</summary>
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.WaitForExit();
            }
            Process.Dispose();
        }

        // ProcessStartInfo.ArgumentList is in .NET Core 2.1 and later (every PowerShell 7), not in netstandard2.0's
        // surface: https://learn.microsoft.com/dotnet/api/system.diagnostics.processstartinfo.argumentlist
        private static Collection<string> ArgumentListOf(ProcessStartInfo startInfo)
        {
            var property = typeof(ProcessStartInfo).GetProperty("ArgumentList");
            var argumentList = property == null ? null : property.GetValue(startInfo, null) as Collection<string>;
            if (argumentList == null)
            {
                throw new PlatformNotSupportedException("ProcessStartInfo.ArgumentList is not in this .NET: the exe runs as a native command on Windows PowerShell 5.1.");
            }
            return argumentList;
        }
    }
}
