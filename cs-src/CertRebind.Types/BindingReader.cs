using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CertRebind
{
    /// <summary>
    /// Reads the exe's <c>bindings[]</c> (docs/schema/bindings.schema.json) into <see cref="Binding"/> objects, as
    /// <c>JsonSerializer.Deserialize</c> with case-insensitive names did (ConvertFrom-CertRebindTypedJson): the exe's
    /// fields set, unknown ones skipped, a JSON null as null, a value of the wrong kind an exception. The certificate
    /// is its index as a <see cref="long"/>, or, written inline, a <see cref="JsonElement"/> of its own (cloned: the
    /// document it came from is disposed). Its loops are compiled fully optimized on their first call, which .NET's
    /// tiered compilation would otherwise run unoptimized through a large host's first reading (bench/README.md).
    /// PowerShell 7 only: Windows PowerShell 5.1 has no System.Text.Json.
    /// </summary>
    public static class BindingReader
    {
        // MethodImplOptions.AggressiveOptimization, .NET Core 3.0 and later (PowerShell 7.0's runtime); netstandard2.0
        // has no name for it: https://learn.microsoft.com/dotnet/api/system.runtime.compilerservices.methodimploptions
        private const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

        // The exe's field names, found whatever their case as JsonSerializer's PropertyNameCaseInsensitive did.
        private static readonly Dictionary<string, string> FieldNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        static BindingReader()
        {
            foreach (var name in new[] { "kind", "endpoint", "thumbprint", "storeName", "appId", "owner", "sites", "hostnames", "certificate", "selection", "service" })
            {
                FieldNames.Add(name, name);
            }
        }

        /// <summary>The bindings of a JSON array, a null item as null; a JSON null gives null.</summary>
        [MethodImpl(AggressiveOptimization)]
        public static Binding[] Read(JsonElement bindings)
        {
            if (bindings.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            var read = new Binding[bindings.GetArrayLength()];
            var index = 0;
            foreach (var item in bindings.EnumerateArray())
            {
                read[index++] = item.ValueKind == JsonValueKind.Null ? null : ReadBinding(item);
            }
            return read;
        }

        [MethodImpl(AggressiveOptimization)]
        private static Binding ReadBinding(JsonElement item)
        {
            var binding = new Binding();
            foreach (var property in item.EnumerateObject())
            {
                var name = property.Name;
                if (!SetField(binding, name, property.Value) && FieldNames.TryGetValue(name, out name))
                {
                    SetField(binding, name, property.Value);
                }
            }
            return binding;
        }

        // Sets the field of that exact name; false for any other name.
        [MethodImpl(AggressiveOptimization)]
        private static bool SetField(Binding binding, string name, JsonElement value)
        {
            switch (name)
            {
                case "kind": binding.Kind = value.GetString(); return true;
                case "endpoint": binding.Endpoint = value.GetString(); return true;
                case "thumbprint": binding.Thumbprint = value.GetString(); return true;
                case "storeName": binding.StoreName = value.GetString(); return true;
                case "appId": binding.AppId = value.GetString(); return true;
                case "owner": binding.Owner = value.GetString(); return true;
                case "sites": binding.Sites = ReadList(value); return true;
                case "hostnames": binding.Hostnames = ReadList(value); return true;
                case "certificate": binding.Certificate = ReadCertificate(value); return true;
                case "selection": binding.Selection = value.GetString(); return true;
                case "service": binding.Service = value.GetString(); return true;
                default: return false;
            }
        }

        [MethodImpl(AggressiveOptimization)]
        private static StringList ReadList(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            var list = new StringList();
            foreach (var item in value.EnumerateArray())
            {
                list.Add(item.GetString());
            }
            return list;
        }

        private static object ReadCertificate(JsonElement value)
        {
            long index;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out index))
            {
                return index;
            }
            return value.ValueKind == JsonValueKind.Null ? null : (object)value.Clone();
        }
    }
}
