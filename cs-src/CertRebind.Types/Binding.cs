namespace CertRebind
{
    /// <summary>
    /// One TLS binding of a host and its certificate (Get-CertBinding's objects). Its type name is the one the
    /// module's format file and callers know, with no per-object type name to add. The exe's fields are typed, so
    /// that System.Text.Json fills them on PowerShell 7; the rest is set by the module.
    /// </summary>
    public sealed class Binding
    {
        public string Kind { get; set; }
        public string Endpoint { get; set; }
        public string Thumbprint { get; set; }
        public string StoreName { get; set; }
        public string AppId { get; set; }
        public string Owner { get; set; }
        public StringList Sites { get; set; }
        public StringList Hostnames { get; set; }
        public object Certificate { get; set; }
        public object CertificateSubject { get; set; }
        public object NotAfter { get; set; }
        public object State { get; set; }

        /// <summary>The service that reads the binding (SQL Server, RDP, RD Gateway, WinRM), null for IIS's.</summary>
        public string Service { get; set; }

        /// <summary>
        /// 'pinned' (the binding names its certificate) or 'self-selecting' (its service chooses it: an RDP listener
        /// of a template, an SQL Server instance with no certificate named, the Central Certificate Store).
        /// </summary>
        public string Selection { get; set; }

        public object HostRoot { get; set; }
        public object ComputerName { get; set; }
    }
}
