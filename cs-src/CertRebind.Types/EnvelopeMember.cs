using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace CertRebind
{
    /// <summary>
    /// A member of an item of the exe's envelope as the module holds it: a hashtable on PowerShell 7 (the compiled
    /// readers), a PSCustomObject on Windows PowerShell 5.1 (ConvertFrom-Json).
    /// </summary>
    public static class EnvelopeMember
    {
        /// <summary>The member's value, unwrapped; null when the item is null or has no such member.</summary>
        public static object Get(object item, string name)
        {
            item = Unwrap(item);
            var table = item as IDictionary;
            if (table != null)
            {
                return Unwrap(table[name]);
            }
            var custom = item as PSObject;
            if (custom != null)
            {
                var property = custom.Properties[name];
                return property == null ? null : Unwrap(property.Value);
            }
            return null;
        }

        /// <summary>The member's value as text, as PowerShell's -f and -join write it; null when absent.</summary>
        public static string Text(object item, string name)
        {
            return AsText(Get(item, name));
        }

        /// <summary>A value as text, as PowerShell's -f and -join write it; null stays null.</summary>
        public static string AsText(object value)
        {
            value = Unwrap(value);
            return value == null ? null : value as string ?? Convert.ToString(value, CultureInfo.CurrentCulture);
        }

        /// <summary>The member's items: an empty array when absent, the value alone when it is not a list.</summary>
        public static object[] Items(object item, string name)
        {
            var value = Get(item, name);
            if (value == null)
            {
                return new object[0];
            }
            var array = value as object[];
            if (array != null)
            {
                return array;
            }
            var list = value as IList;
            if (list != null)
            {
                var items = new object[list.Count];
                list.CopyTo(items, 0);
                return items;
            }
            return new[] { value };
        }

        /// <summary>The member's text equals <paramref name="expected"/>, ignoring case as PowerShell's -eq does.</summary>
        public static bool TextIs(object item, string name, string expected)
        {
            return string.Equals(Text(item, name), expected, StringComparison.OrdinalIgnoreCase);
        }

        private static object Unwrap(object value)
        {
            var wrapped = value as PSObject;
            // A PSCustomObject is its own PSObject; any other wrapped value is its base object.
            return wrapped != null && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;
        }
    }
}
