using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace CertRebind
{
    /// <summary>
    /// Reads a JSON value of the exe's envelope as PowerShell's <c>ConvertFrom-Json -AsHashtable</c> does, at a
    /// third to half its cost (ConvertFrom-CertRebindTypedJson; bench/README.md): an object as a <see cref="Hashtable"/>
    /// with case-sensitive keys (PowerShell 7.3 and later make an ordered one; 7.0-7.2 a Hashtable, as here), an array
    /// as an <c>object[]</c>, an integer as a <see cref="long"/> or, beyond it, a <see cref="BigInteger"/>, another
    /// number as a <see cref="double"/>, true and false as <see cref="bool"/>, null as null, and a string as a string.
    /// Unlike <c>ConvertFrom-Json</c>, a string that reads as a date stays a string: the values read this way hold no
    /// dates (docs/schema/rebind.schema.json, changes[]). PowerShell 7 only: Windows PowerShell 5.1 has no
    /// System.Text.Json.
    /// </summary>
    public static class JsonHashtable
    {
        private static readonly char[] NotIntegerMarks = { '.', 'e', 'E' };

        public static object Read(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var table = new Hashtable();
                    foreach (var property in element.EnumerateObject())
                    {
                        table[property.Name] = Read(property.Value);
                    }
                    return table;
                case JsonValueKind.Array:
                    var items = new object[element.GetArrayLength()];
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        items[index++] = Read(item);
                    }
                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return ReadNumber(element);
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static object ReadNumber(JsonElement element)
        {
            long integer;
            if (element.TryGetInt64(out integer))
            {
                return integer;
            }
            var text = element.GetRawText();
            if (text.IndexOfAny(NotIntegerMarks) < 0)
            {
                return BigInteger.Parse(text, CultureInfo.InvariantCulture);
            }
            return element.GetDouble();
        }
    }
}
