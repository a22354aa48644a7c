namespace CertRebind
{
    /// <summary>
    /// One change of a rebind, planned, applied or refused (Invoke-CertRebind's objects). Untyped properties: any
    /// value, null included, as on a PSCustomObject.
    /// </summary>
    public sealed class Change
    {
        public object Kind { get; set; }
        public object Endpoint { get; set; }
        public object Sites { get; set; }
        public object Hostnames { get; set; }
        public object From { get; set; }
        public object To { get; set; }
        public object StoreFrom { get; set; }
        public object StoreTo { get; set; }
        public object Status { get; set; }
        public object Code { get; set; }
        public object Reason { get; set; }
        public object Kept { get; set; }
        public object Notes { get; set; }

        /// <summary>
        /// What the change needs besides its write, for the kinds whose binding is one service's
        /// (docs/cli-contract.md): the service, whether it must restart for the change to take effect, and the
        /// accounts' read access to the key.
        /// </summary>
        public object Service { get; set; }

        public object RestartRequired { get; set; }
        public object KeyAccess { get; set; }
        public object RunId { get; set; }
        public object HostRoot { get; set; }
        public object ComputerName { get; set; }
    }
}
