using System;
using System.Collections;
using System.Text;

namespace CertRebind
{
    /// <summary>
    /// The exe's JSON envelope split for ConvertFrom-CertRebindTypedJson: the large lists of its data read by the
    /// module's compiled readers (<see cref="Typed"/>), and the rest of the envelope as JSON text, byte for byte as the
    /// exe wrote it but for those properties (<see cref="Rest"/>), for ConvertFrom-Json. The whole text is checked as
    /// JSON (<see cref="JsonCursor"/>).
    /// </summary>
    public sealed class TypedEnvelope
    {
        private TypedEnvelope(string rest, Hashtable typed)
        {
            Rest = rest;
            Typed = typed;
        }

        /// <summary>The envelope without the typed properties of its data.</summary>
        public string Rest { get; private set; }

        /// <summary>Each typed property of the data that the envelope has, by its name, as its reader read it.</summary>
        public Hashtable Typed { get; private set; }

        /// <summary>
        /// Splits the envelope; null when the text is JSON but not an object. <paramref name="readers"/> gives, by
        /// the name of a property of the envelope's data (looked up as that dictionary looks up its keys), the name
        /// of its reader: CertRebind.BindingReader or CertRebind.JsonHashtable. Throws a
        /// <see cref="FormatException"/> when the text is not JSON or a typed property does not fit its reader.
        /// </summary>
        public static TypedEnvelope Read(string text, IDictionary readers)
        {
            if (readers == null)
            {
                throw new ArgumentNullException("readers");
            }
            var json = new JsonCursor(text);
            if (json.Peek() != '{')
            {
                json.SkipValue();
                json.ExpectEnd();
                return null;
            }
            var rest = new StringBuilder(text.Length);
            var typed = new Hashtable();
            var copied = 0;
            var first = true;
            string name;
            json.StartObject();
            while (json.NextProperty(ref first, out name))
            {
                if (name != "data" || json.Peek() != '{')
                {
                    json.SkipValue();
                    continue;
                }
                rest.Append(text, copied, json.Position - copied);
                ReadData(json, readers, rest, typed);
                copied = json.Position;
            }
            json.ExpectEnd();
            rest.Append(text, copied, text.Length - copied);
            return new TypedEnvelope(rest.ToString(), typed);
        }

        // The data object: its typed properties read into typed, the others' text appended to rest, comma-separated.
        private static void ReadData(JsonCursor json, IDictionary readers, StringBuilder rest, Hashtable typed)
        {
            var first = true;
            var written = false;
            string name;
            rest.Append('{');
            json.StartObject();
            while (json.NextProperty(ref first, out name))
            {
                if (readers.Contains(name))
                {
                    typed[name] = ReadTyped(json, readers[name] as string);
                    continue;
                }
                var start = json.NameStart;
                json.SkipValue();
                if (written)
                {
                    rest.Append(',');
                }
                rest.Append(json.Text, start, json.Position - start);
                written = true;
            }
            rest.Append('}');
        }

        private static object ReadTyped(JsonCursor json, string reader)
        {
            switch (reader)
            {
                case "CertRebind.BindingReader": return BindingReader.Read(json);
                case "CertRebind.JsonHashtable": return JsonHashtable.Read(json);
                default: throw new ArgumentException("No reader of the envelope is named '" + reader + "': CertRebind.BindingReader or CertRebind.JsonHashtable.", "readers");
            }
        }
    }
}
