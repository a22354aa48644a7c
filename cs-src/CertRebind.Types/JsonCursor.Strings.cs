using System.Runtime.CompilerServices;
using System.Text;

namespace CertRebind
{
    /// <summary>The strings of <see cref="JsonCursor"/>: escapes, and surrogates only in pairs.</summary>
    public sealed partial class JsonCursor
    {
        /// <summary>Reads a string; a value of another kind throws.</summary>
        [MethodImpl(AggressiveOptimization)]
        public string ReadString()
        {
            Expect('"', "a string");
            var start = position;
            SkipPlainCharacters();
            if (At(position) == '"')
            {
                return text.Substring(start, position++ - start);
            }
            return ReadEscapedString(new StringBuilder(text, start, position - start, position - start + 16));
        }

        /// <summary>Reads a string or a JSON null (as null); a value of another kind throws.</summary>
        [MethodImpl(AggressiveOptimization)]
        public string ReadStringOrNull()
        {
            return ReadNull() ? null : ReadString();
        }

        [MethodImpl(AggressiveOptimization)]
        private void SkipString()
        {
            Expect('"', "a string");
            SkipPlainCharacters();
            if (At(position) == '"')
            {
                position++;
                return;
            }
            ReadEscapedString(null);
        }

        // Moves to the string's closing quote or to its first character that is not copied as it is, whichever is first.
        [MethodImpl(AggressiveOptimization)]
        private void SkipPlainCharacters()
        {
            var characters = text;
            var index = position;
            while (index < characters.Length)
            {
                var character = characters[index];
                if (character == '"' || character == '\\' || character < ' ' || (uint)(character - 0xD800) < 0x800)
                {
                    break;
                }
                index++;
            }
            position = index;
        }

        // The rest of a string from the first character that needs more than a copy; appended to the builder if any.
        [MethodImpl(AggressiveOptimization)]
        private string ReadEscapedString(StringBuilder builder)
        {
            while (position < text.Length)
            {
                var character = text[position];
                if (character == '"')
                {
                    position++;
                    return builder == null ? null : builder.ToString();
                }
                if (character < ' ')
                {
                    throw Wrong("no control character in a string (U+0000 to U+001F are written escaped)");
                }
                if (character == '\\')
                {
                    character = ReadEscape();
                }
                else
                {
                    position++;
                }
                if (char.IsHighSurrogate(character))
                {
                    var low = ReadLowSurrogate();
                    if (builder != null)
                    {
                        builder.Append(character).Append(low);
                    }
                    continue;
                }
                if (char.IsLowSurrogate(character))
                {
                    position--;
                    throw Wrong("no low surrogate without its high surrogate in a string");
                }
                if (builder != null)
                {
                    builder.Append(character);
                }
            }
            throw Wrong("the string's closing quote");
        }

        [MethodImpl(AggressiveOptimization)]
        private char ReadLowSurrogate()
        {
            var low = '\0';
            if (position < text.Length)
            {
                low = text[position];
                if (low == '\\')
                {
                    low = ReadEscape();
                }
                else
                {
                    position++;
                }
            }
            if (!char.IsLowSurrogate(low))
            {
                throw Wrong("a low surrogate after a high surrogate in a string");
            }
            return low;
        }

        [MethodImpl(AggressiveOptimization)]
        private char ReadEscape()
        {
            position++;
            var escaped = position < text.Length ? text[position] : '\0';
            position++;
            switch (escaped)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    var code = 0;
                    for (var end = position + 4; position < end; position++)
                    {
                        var digit = position < text.Length ? HexValue(text[position]) : -1;
                        if (digit < 0)
                        {
                            throw Wrong("four hexadecimal digits after \\u");
                        }
                        code = code * 16 + digit;
                    }
                    return (char)code;
                default:
                    position -= 2;
                    throw Wrong("an escape of \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hexadecimal digits");
            }
        }

        private static int HexValue(char character)
        {
            if (character >= '0' && character <= '9')
            {
                return character - '0';
            }
            var lower = (char)(character | 0x20);
            return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
        }
    }
}
