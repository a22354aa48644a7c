// A PowerShell host whose user answers every confirmation prompt from a list, in order: the tests of
// -Confirm run the real ShouldProcess of a cmdlet in a runspace with this host.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace CertRebindTests
{
    public sealed class AnsweringHost : PSHost
    {
        private readonly AnsweringUserInterface ui;
        private readonly Guid id = Guid.NewGuid();

        public AnsweringHost(IEnumerable<string> answers) { ui = new AnsweringUserInterface(answers); }

        public List<string> Questions { get { return ui.Questions; } }
        public override string Name { get { return "AnsweringHost"; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override Guid InstanceId { get { return id; } }
        public override PSHostUserInterface UI { get { return ui; } }
        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.GetCultureInfo("en-US"); } }
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() { throw new NotSupportedException(); }
        public override void ExitNestedPrompt() { throw new NotSupportedException(); }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    public sealed class AnsweringUserInterface : PSHostUserInterface
    {
        private readonly Queue<string> answers;
        public readonly List<string> Questions = new List<string>();

        public AnsweringUserInterface(IEnumerable<string> answers) { this.answers = new Queue<string>(answers); }

        // The answer is the label of a choice without its accelerator: "Yes", "No", "Yes to All", "No to All".
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Questions.Add(message);
            string answer = answers.Count > 0 ? answers.Dequeue() : null;
            for (int i = 0; i < choices.Count; i++)
            {
                if (choices[i].Label.Replace("&", "") == answer) return i;
            }
            throw new InvalidOperationException("No answer for: " + message);
        }

        public override PSHostRawUserInterface RawUI { get { return null; } }
        public override string ReadLine() { throw new NotSupportedException(); }
        public override SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteLine(string value) { }
        public override void WriteErrorLine(string value) { }
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) { }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotSupportedException(); }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotSupportedException(); }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotSupportedException(); }
    }
}
