using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace CertRebind
{
    /// <summary>
    /// What the module derives for the bindings the exe wrote (Complete-CertRebindBinding), done here for the tens of
    /// thousands of a large host: the certificate (its index in the listed certificates, as
    /// 'bindings --certificates-once' writes it, replaced by the shared values of that certificate), the selection
    /// 'pinned' when the exe names none, empty lists for missing sites and host names (null items left out), the host.
    /// </summary>
    public static class BindingCompletion
    {
        private static readonly object[] NoCertificate = new object[4];

        /// <summary>
        /// Completes a batch and returns its bindings, null items left out, in order. A binding whose certificate is
        /// written inside it, not as an index, is added to <paramref name="inline"/> with its certificate untouched,
        /// for the caller to complete.
        /// </summary>
        /// <param name="listed">Per listed certificate its four shared values: the certificate object, its subject,
        /// NotAfter and state.</param>
        public static Binding[] Complete(object[] batch, object[] listed, object hostRoot, object computerName, IList<Binding> inline)
        {
            if (batch == null)
            {
                return new Binding[0];
            }
            var completed = new List<Binding>(batch.Length);
            foreach (var item in batch)
            {
                var value = Unwrap(item);
                if (value == null)
                {
                    continue;
                }
                var binding = value as Binding;
                if (binding == null)
                {
                    throw new ArgumentException("A binding to complete is a " + value.GetType().FullName + ", not a CertRebind.Binding.", "batch");
                }
                object[] shared;
                if (TryListedCertificate(binding.Certificate, listed, out shared))
                {
                    SetCertificate(binding, shared);
                }
                else
                {
                    inline.Add(binding);
                }
                binding.Sites = WithoutNulls(binding.Sites);
                binding.Hostnames = WithoutNulls(binding.Hostnames);
                if (binding.Selection == null)
                {
                    binding.Selection = "pinned";
                }
                binding.HostRoot = hostRoot;
                binding.ComputerName = computerName;
                completed.Add(binding);
            }
            return completed.ToArray();
        }

        /// <summary>Sets the certificate and the three values each binding copies from it.</summary>
        public static void SetCertificate(Binding binding, object[] shared)
        {
            var values = shared ?? NoCertificate;
            binding.Certificate = values[0];
            binding.CertificateSubject = values[1];
            binding.NotAfter = values[2];
            binding.State = values[3];
        }

        // None (null), or an index: a number as ConvertFrom-Json or BindingReader reads it. An index outside the list
        // gives no certificate. Anything else is a certificate written inline.
        private static bool TryListedCertificate(object certificate, object[] listed, out object[] shared)
        {
            shared = null;
            var value = Unwrap(certificate);
            if (value == null)
            {
                return true;
            }
            long index;
            if (value is IConvertible && !(value is string))
            {
                index = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
            else
            {
                return false;
            }
            if (listed != null && index >= 0 && index < listed.Length)
            {
                shared = Unwrap(listed[index]) as object[];
            }
            return true;
        }

        private static StringList WithoutNulls(StringList list)
        {
            if (list == null)
            {
                return new StringList();
            }
            list.RemoveAll(item => item == null);
            return list;
        }

        private static object Unwrap(object value)
        {
            var wrapped = value as PSObject;
            return wrapped == null ? value : wrapped.BaseObject;
        }
    }
}
