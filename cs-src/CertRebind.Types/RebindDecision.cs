using System.Collections.Generic;

namespace CertRebind
{
    /// <summary>The answers to the questions about a rebind's planned changes.</summary>
    public sealed class RebindDecision
    {
        private readonly List<object> approved = new List<object>();
        private readonly List<object> declined = new List<object>();

        /// <summary>-WhatIf answered: nothing is to be applied.</summary>
        public bool WhatIf { get; set; }

        public List<object> Approved { get { return approved; } }

        public List<object> Declined { get { return declined; } }
    }
}
