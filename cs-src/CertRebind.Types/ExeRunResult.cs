namespace CertRebind
{
    /// <summary>What a run of the exe wrote and how it ended (Read-CertRebindEnvelope reads it).</summary>
    public sealed class ExeRunResult
    {
        public ExeRunResult(string standardOutput, string standardError, int exitCode)
        {
            StandardOutput = standardOutput;
            StandardError = standardError;
            ExitCode = exitCode;
        }

        public string StandardOutput { get; private set; }

        /// <summary>Without its last line ends.</summary>
        public string StandardError { get; private set; }

        public int ExitCode { get; private set; }
    }
}
