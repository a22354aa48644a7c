using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CertRebind
{
    /// <summary>
    /// Reads the exe's <c>bindings[]</c> (docs/schema/bindings.schema.json) into <see cref="Binding"/> objects, as
    /// System.Text.Json's <c>JsonSerializer.Deserialize</c> with case-insensitive names would: the exe's fields set
    /// whatever the case of their names, unknown ones skipped, a JSON null as null, a value of the wrong kind a
    /// <see cref="FormatException"/>. The certificate is its index as a <see cref="long"/>, or, written inline, its
    /// JSON text (<see cref="RawJson"/>). Compiled fully optimized on the first call (<see cref="JsonCursor"/>).
    /// </summary>
    public static class BindingReader
    {
        // The exe's field names, found whatever their case as JsonSerializer's PropertyNameCaseInsensitive does.
        private static readonly Dictionary<string, string> FieldNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        static BindingReader()
        {
            foreach (var name in new[] { "kind", "endpoint", "thumbprint", "storeName", "appId", "owner", "sites", "hostnames", "certificate", "selection", "service" })
            {
                FieldNames.Add(name, name);
            }
        }

        /// <summary>The bindings of a JSON array, a null item as null; a JSON null gives null.</summary>
        [MethodImpl(JsonCursor.AggressiveOptimization)]
        public static Binding[] Read(JsonCursor json)
        {
            if (json.ReadNull())
            {
                return null;
            }
            var read = new List<Binding>();
            var first = true;
            json.StartArray();
            while (json.NextItem(ref first))
            {
                read.Add(json.ReadNull() ? null : ReadBinding(json));
            }
            return read.ToArray();
        }

        [MethodImpl(JsonCursor.AggressiveOptimization)]
        private static Binding ReadBinding(JsonCursor json)
        {
            var binding = new Binding();
            var first = true;
            string name;
            json.StartObject();
            while (json.NextProperty(ref first, out name))
            {
                if (SetField(binding, name, json))
                {
                    continue;
                }
                if (FieldNames.TryGetValue(name, out name))
                {
                    SetField(binding, name, json);
                }
                else
                {
                    json.SkipValue();
                }
            }
            return binding;
        }

        // Reads the value into the field of that exact name; false, having read nothing, for any other name.
        [MethodImpl(JsonCursor.AggressiveOptimization)]
        private static bool SetField(Binding binding, string name, JsonCursor json)
        {
            switch (name)
            {
                case "kind": binding.Kind = json.ReadStringOrNull(); return true;
                case "endpoint": binding.Endpoint = json.ReadStringOrNull(); return true;
                case "thumbprint": binding.Thumbprint = json.ReadStringOrNull(); return true;
                case "storeName": binding.StoreName = json.ReadStringOrNull(); return true;
                case "appId": binding.AppId = json.ReadStringOrNull(); return true;
                case "owner": binding.Owner = json.ReadStringOrNull(); return true;
                case "sites": binding.Sites = ReadList(json); return true;
                case "hostnames": binding.Hostnames = ReadList(json); return true;
                case "certificate": binding.Certificate = ReadCertificate(json); return true;
                case "selection": binding.Selection = json.ReadStringOrNull(); return true;
                case "service": binding.Service = json.ReadStringOrNull(); return true;
                default: return false;
            }
        }

        [MethodImpl(JsonCursor.AggressiveOptimization)]
        private static StringList ReadList(JsonCursor json)
        {
            if (json.ReadNull())
            {
                return null;
            }
            var list = new StringList();
            var first = true;
            json.StartArray();
            while (json.NextItem(ref first))
            {
                list.Add(json.ReadStringOrNull());
            }
            return list;
        }

        // An integer that fits a long is the index of a listed certificate; any other value is kept as its text.
        private static object ReadCertificate(JsonCursor json)
        {
            if (json.ReadNull())
            {
                return null;
            }
            var start = json.Position;
            json.SkipValue();
            var text = json.Text.Substring(start, json.Position - start);
            long index;
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
            {
                return index;
            }
            return new RawJson(text);
        }
    }
}
