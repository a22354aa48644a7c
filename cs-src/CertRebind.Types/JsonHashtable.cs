using System.Collections;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CertRebind
{
    /// <summary>
    /// Reads a JSON value of the exe's envelope as PowerShell's <c>ConvertFrom-Json -AsHashtable</c> does, at a
    /// fraction of its cost (ConvertFrom-CertRebindTypedJson; bench/README.md): an object as a <see cref="Hashtable"/>
    /// with case-sensitive keys (PowerShell 7.3 and later make an ordered one; 7.0-7.2 a Hashtable, as here), an array
    /// as an <c>object[]</c>, an integer as a <see cref="long"/> or, beyond it, a <see cref="BigInteger"/>, another
    /// number as a <see cref="double"/>, true and false as <see cref="bool"/>, null as null, and a string as a string.
    /// Unlike <c>ConvertFrom-Json</c>, a string that reads as a date stays a string, as on Windows PowerShell 5.1: the
    /// module reads the envelope's times as text or [datetime] alike (ConvertTo-CertRebindDateTime).
    /// </summary>
    public static class JsonHashtable
    {
        /// <summary>A whole text that is one JSON value, read as <see cref="Read"/> reads a value; anything else throws
        /// <see cref="System.FormatException"/>.</summary>
        public static object Parse(string text)
        {
            var json = new JsonCursor(text);
            var value = Read(json);
            json.ExpectEnd();
            return value;
        }

        [MethodImpl(JsonCursor.AggressiveOptimization)]
        public static object Read(JsonCursor json)
        {
            var first = true;
            switch (json.Peek())
            {
                case '{':
                    var table = new Hashtable();
                    string name;
                    json.StartObject();
                    while (json.NextProperty(ref first, out name))
                    {
                        table[name] = Read(json);
                    }
                    return table;
                case '[':
                    var items = new List<object>();
                    json.StartArray();
                    while (json.NextItem(ref first))
                    {
                        items.Add(Read(json));
                    }
                    return items.ToArray();
                case '"':
                    return json.ReadString();
                case 't':
                case 'f':
                    return json.ReadBoolean();
                case 'n':
                    json.ReadNull();
                    return null;
                default:
                    return json.ReadNumber();
            }
        }
    }
}
