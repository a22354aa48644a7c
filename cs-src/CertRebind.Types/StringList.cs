using System;
using System.Collections.Generic;
using System.Globalization;

namespace CertRebind
{
    /// <summary>
    /// The string lists of the module's objects (Sites, Hostnames, Kept, Notes, SubjectNames, ...): a list of strings
    /// like any other, that Export-Csv and other text conversions write as its items ('a, b') instead of the type
    /// name.
    /// </summary>
    public sealed class StringList : List<string>
    {
        /// <summary>The strings of a JSON array of the exe's envelope, its null items left out; null gives an empty list.</summary>
        public static StringList Of(object[] values)
        {
            var list = new StringList();
            if (values == null)
            {
                return list;
            }
            foreach (var value in values)
            {
                if (value != null)
                {
                    list.Add(Convert.ToString(value, CultureInfo.InvariantCulture));
                }
            }
            return list;
        }

        public override string ToString()
        {
            return string.Join(", ", this);
        }
    }
}
