using System;
using System.Globalization;
using System.Management.Automation;

namespace CertRebind
{
    /// <summary>
    /// A certificate as the exe describes it in an envelope (docs/schema/bindings.schema.json, certificate): a binding's
    /// Certificate. Its type name is the one the module's format file knows; it reads as its thumbprint.
    /// </summary>
    public sealed class CertificateInfo
    {
        public string Thumbprint { get; set; }
        public string Subject { get; set; }
        public string Issuer { get; set; }
        public StringList DnsNames { get; set; }

        /// <summary>Local time, as Get-Date gives it.</summary>
        public DateTime? NotBefore { get; set; }

        /// <summary>Local time, as Get-Date gives it.</summary>
        public DateTime? NotAfter { get; set; }

        public bool HasPrivateKey { get; set; }
        public string Store { get; set; }
        public string State { get; set; }
        public int? DaysLeft { get; set; }
        public bool Archived { get; set; }
        public string FriendlyName { get; set; }
        public bool ServerAuth { get; set; }

        /// <summary>
        /// The certificate of an envelope item: a hashtable (PowerShell 7's readers) or a PSCustomObject (Windows
        /// PowerShell 5.1's ConvertFrom-Json); null for null. Values convert as PowerShell's casts convert them.
        /// </summary>
        public static CertificateInfo From(object certificate)
        {
            if (certificate == null)
            {
                return null;
            }
            var daysLeft = EnvelopeMember.Get(certificate, "daysLeft");
            return new CertificateInfo
            {
                Thumbprint = EnvelopeMember.Text(certificate, "thumbprint"),
                Subject = EnvelopeMember.Text(certificate, "subject"),
                Issuer = EnvelopeMember.Text(certificate, "issuer"),
                DnsNames = StringList.Of(EnvelopeMember.Items(certificate, "dnsNames")),
                NotBefore = EnvelopeTime.Local(EnvelopeMember.Get(certificate, "notBefore")),
                NotAfter = EnvelopeTime.Local(EnvelopeMember.Get(certificate, "notAfter")),
                HasPrivateKey = LanguagePrimitives.IsTrue(EnvelopeMember.Get(certificate, "hasPrivateKey")),
                Store = EnvelopeMember.Text(certificate, "store"),
                State = EnvelopeMember.Text(certificate, "state"),
                DaysLeft = daysLeft == null ? (int?)null : (int)LanguagePrimitives.ConvertTo(daysLeft, typeof(int), CultureInfo.InvariantCulture),
                Archived = LanguagePrimitives.IsTrue(EnvelopeMember.Get(certificate, "archived")),
                FriendlyName = EnvelopeMember.Text(certificate, "friendlyName"),
                ServerAuth = LanguagePrimitives.IsTrue(EnvelopeMember.Get(certificate, "serverAuth")),
            };
        }

        /// <summary>
        /// What the bindings of a certificate share (BindingCompletion.SetCertificate): the certificate, its subject,
        /// NotAfter and state.
        /// </summary>
        public static object[] SharedValues(object certificate)
        {
            var info = From(certificate);
            return info == null ? new object[4] : new object[] { info, info.Subject, info.NotAfter, info.State };
        }

        /// <summary>The shared values of each certificate the exe listed once ('bindings --certificates-once'), in order.</summary>
        public static object[] SharedValuesOf(object[] certificates)
        {
            if (certificates == null)
            {
                return new object[0];
            }
            var shared = new object[certificates.Length];
            for (var i = 0; i < certificates.Length; i++)
            {
                shared[i] = SharedValues(certificates[i]);
            }
            return shared;
        }

        public override string ToString()
        {
            return Thumbprint ?? string.Empty;
        }
    }
}
