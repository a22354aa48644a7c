using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace CertRebind
{
    /// <summary>
    /// The planned changes of a rebind's plan (Select-CertRebindPlannedChange), each change's notes written as the
    /// calling cmdlet's warnings on the way. Compiled: the same pass in script took 0.2-0.27 s over the 8,250 changes
    /// of a 50,000-site host (bench/README.md).
    /// </summary>
    public static class PlannedChanges
    {
        /// <summary>
        /// The changes whose status is planned, in order; each note of every change is one warning, written with
        /// <paramref name="noteFormat"/> ({0} the kind, {1} the endpoint, {2} the note).
        /// </summary>
        public static object[] Select(PSCmdlet cmdlet, IList changes, string noteFormat)
        {
            if (cmdlet == null)
            {
                throw new ArgumentNullException("cmdlet");
            }
            if (noteFormat == null)
            {
                throw new ArgumentNullException("noteFormat");
            }
            var planned = new List<object>();
            if (changes == null)
            {
                return planned.ToArray();
            }
            foreach (var change in changes)
            {
                var notes = EnvelopeMember.Items(change, "notes");
                if (notes.Length > 0)
                {
                    var kind = EnvelopeMember.Text(change, "kind");
                    var endpoint = EnvelopeMember.Text(change, "endpoint");
                    foreach (var note in notes)
                    {
                        cmdlet.WriteWarning(string.Format(CultureInfo.CurrentCulture, noteFormat, kind, endpoint, EnvelopeMember.AsText(note)));
                    }
                }
                if (EnvelopeMember.TextIs(change, "status", "planned"))
                {
                    planned.Add(change);
                }
            }
            return planned.ToArray();
        }
    }
}
