using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace CertRebind
{
    /// <summary>
    /// The questions about a rebind's planned changes (Confirm-CertRebindPlan), one per change, in the words of the
    /// module's localized texts, asked of the calling cmdlet's ShouldProcess. Compiled: the same loop in script took
    /// 0.13-0.15 s for the 1,650 changes of a 10,000-site host (bench/README.md).
    /// </summary>
    public sealed class RebindQuestions
    {
        private readonly string descriptionFormat;
        private readonly string confirmationFormat;
        private readonly string caption;
        private readonly string needsFormat;
        private readonly string noSites;
        private readonly string keyReadFormat;
        private readonly string restartFormat;
        private readonly string itsService;
        private readonly IDictionary successorReason;

        /// <param name="texts">The module's localized texts ($script:LocalizedData).</param>
        /// <param name="successorReason">With -Auto, the successor scan's reason by old thumbprint; else null.</param>
        public RebindQuestions(IDictionary texts, IDictionary successorReason)
        {
            if (texts == null)
            {
                throw new ArgumentNullException("texts");
            }
            var auto = successorReason != null;
            descriptionFormat = Localized(texts, auto ? "RebindAutoChangeDescription" : "RebindChangeDescription");
            confirmationFormat = Localized(texts, auto ? "RebindAutoChangeConfirmation" : "RebindChangeConfirmation");
            caption = Localized(texts, "RebindChangeCaption");
            needsFormat = Localized(texts, "RebindChangeNeeds");
            noSites = Localized(texts, "RebindNoSites");
            keyReadFormat = Localized(texts, "RebindNeedKeyRead");
            restartFormat = Localized(texts, "RebindNeedRestart");
            itsService = Localized(texts, "RebindNeedRestartItsService");
            this.successorReason = successorReason;
        }

        /// <summary>
        /// Asks about each change in turn. Under -WhatIf, ShouldProcess writes each description and approves none.
        /// </summary>
        public RebindDecision Ask(PSCmdlet cmdlet, IList changes)
        {
            if (cmdlet == null)
            {
                throw new ArgumentNullException("cmdlet");
            }
            var decision = new RebindDecision();
            if (changes == null)
            {
                return decision;
            }
            foreach (var change in changes)
            {
                var question = QuestionOf(change);
                ShouldProcessReason reason;
                if (cmdlet.ShouldProcess(question[0], question[1], caption, out reason))
                {
                    decision.Approved.Add(change);
                }
                else if (reason == ShouldProcessReason.WhatIf)
                {
                    decision.WhatIf = true;
                }
                else
                {
                    decision.Declined.Add(change);
                }
            }
            return decision;
        }

        /// <summary>The description (what -WhatIf and -Verbose write) and the confirmation asked, in that order.</summary>
        public string[] QuestionOf(object change)
        {
            var sites = new List<string>();
            foreach (var site in EnvelopeMember.Items(change, "sites"))
            {
                var name = EnvelopeMember.AsText(site);
                if (name != null)
                {
                    sites.Add(name);
                }
            }
            var from = EnvelopeMember.Text(change, "from");
            var arguments = new List<object>
            {
                EnvelopeMember.Text(change, "kind"),
                EnvelopeMember.Text(change, "endpoint"),
                sites.Count > 0 ? string.Join(", ", sites) : noSites,
                from,
                EnvelopeMember.Text(change, "to"),
            };
            if (successorReason != null)
            {
                arguments.Add(EnvelopeMember.AsText(from == null ? null : successorReason[from]));
            }
            var values = arguments.ToArray();
            var description = string.Format(CultureInfo.CurrentCulture, descriptionFormat, values);
            var confirmation = string.Format(CultureInfo.CurrentCulture, confirmationFormat, values);
            var needs = NeedsOf(change);
            if (needs.Length > 0)
            {
                description = string.Format(CultureInfo.CurrentCulture, needsFormat, description, needs);
                confirmation = string.Format(CultureInfo.CurrentCulture, needsFormat, confirmation, needs);
            }
            return new[] { description, confirmation };
        }

        /// <summary>What the change needs beyond the new binding: read access to the key, a restart; empty if nothing.</summary>
        private string NeedsOf(object change)
        {
            var needs = new List<string>();
            foreach (var access in EnvelopeMember.Items(change, "keyAccess"))
            {
                if (access != null && !EnvelopeMember.TextIs(access, "status", "has"))
                {
                    needs.Add(string.Format(CultureInfo.CurrentCulture, keyReadFormat, EnvelopeMember.Text(access, "status"), EnvelopeMember.Text(access, "account")));
                }
            }
            if (EnvelopeMember.Get(change, "restartRequired") is bool restart && restart)
            {
                var service = EnvelopeMember.Text(change, "service");
                needs.Add(string.IsNullOrEmpty(service) ? itsService : string.Format(CultureInfo.CurrentCulture, restartFormat, service));
            }
            return string.Join("; ", needs);
        }

        private static string Localized(IDictionary texts, string name)
        {
            var text = EnvelopeMember.AsText(texts[name]);
            if (text == null)
            {
                throw new ArgumentException("The localized texts have no " + name + ".", "texts");
            }
            return text;
        }
    }
}
