using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CertRebind
{
    /// <summary>
    /// Reads JSON text (RFC 8259, https://www.rfc-editor.org/rfc/rfc8259) from a string, value by value, as strictly
    /// as System.Text.Json's <c>JsonDocument.Parse</c> by default: no comments, no trailing commas, a depth of at
    /// most 64, strings with no control characters and no unpaired surrogates, numbers as the grammar writes them.
    /// Wrong text throws a <see cref="FormatException"/> that says where. Its methods are compiled fully optimized on
    /// their first call: System.Text.Json's parser runs unoptimized code through a large envelope's first reading in
    /// a PowerShell process, about ten times as long (bench/README.md).
    /// </summary>
    public sealed partial class JsonCursor
    {
        /// <summary>The deepest nesting of objects and arrays read, as JsonDocument's default MaxDepth.</summary>
        public const int MaxDepth = 64;

        // MethodImplOptions.AggressiveOptimization, .NET Core 3.0 and later; netstandard2.0 and .NET Framework have no
        // name for it, and .NET Framework ignores it: https://learn.microsoft.com/dotnet/api/system.runtime.compilerservices.methodimploptions
        internal const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

        private readonly string text;
        private int position;
        private int depth;

        public JsonCursor(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }
            this.text = text;
        }

        public string Text
        {
            get { return text; }
        }

        /// <summary>Where the next character to read is.</summary>
        public int Position
        {
            get { return position; }
        }

        /// <summary>Where the name of the property <see cref="NextProperty"/> returned last begins (its quote).</summary>
        public int NameStart { get; private set; }

        /// <summary>The first character of the next value, after any whitespace; '\0' at the end of the text.</summary>
        [MethodImpl(AggressiveOptimization)]
        public char Peek()
        {
            SkipWhitespace();
            return position < text.Length ? text[position] : '\0';
        }

        /// <summary>Reads a JSON null if the next value is one.</summary>
        [MethodImpl(AggressiveOptimization)]
        public bool ReadNull()
        {
            if (Peek() != 'n')
            {
                return false;
            }
            ExpectWord("null");
            return true;
        }

        [MethodImpl(AggressiveOptimization)]
        public void StartObject()
        {
            Expect('{', "an object");
            Enter();
        }

        [MethodImpl(AggressiveOptimization)]
        public void StartArray()
        {
            Expect('[', "an array");
            Enter();
        }

        /// <summary>
        /// Reads the name of the object's next property and its colon, leaving its value next; false, having read
        /// the closing brace, when there is none. <paramref name="first"/> is true before the first property.
        /// </summary>
        [MethodImpl(AggressiveOptimization)]
        public bool NextProperty(ref bool first, out string name)
        {
            if (!NextMember('}', ref first))
            {
                name = null;
                return false;
            }
            if (Peek() != '"')
            {
                throw Wrong("a property name in quotes");
            }
            NameStart = position;
            name = ReadString();
            Expect(':', "a colon after the property name");
            return true;
        }

        /// <summary>Leaves the array's next item next; false, having read the closing bracket, when there is none.</summary>
        [MethodImpl(AggressiveOptimization)]
        public bool NextItem(ref bool first)
        {
            return NextMember(']', ref first);
        }

        /// <summary>Reads true or false; a value of another kind throws.</summary>
        [MethodImpl(AggressiveOptimization)]
        public bool ReadBoolean()
        {
            if (Peek() == 't')
            {
                ExpectWord("true");
                return true;
            }
            ExpectWord("false");
            return false;
        }

        /// <summary>Reads over the next value, whatever its kind, checking it as the other methods would.</summary>
        [MethodImpl(AggressiveOptimization)]
        public void SkipValue()
        {
            var first = true;
            switch (Peek())
            {
                case '{':
                    StartObject();
                    string name;
                    while (NextProperty(ref first, out name))
                    {
                        SkipValue();
                    }
                    return;
                case '[':
                    StartArray();
                    while (NextItem(ref first))
                    {
                        SkipValue();
                    }
                    return;
                case '"':
                    SkipString();
                    return;
                case 't':
                case 'f':
                    ReadBoolean();
                    return;
                case 'n':
                    ExpectWord("null");
                    return;
                default:
                    SkipNumber();
                    return;
            }
        }

        /// <summary>Throws unless only whitespace is left.</summary>
        public void ExpectEnd()
        {
            SkipWhitespace();
            if (position < text.Length)
            {
                throw Wrong("the end of the text");
            }
        }

        [MethodImpl(AggressiveOptimization)]
        private bool NextMember(char close, ref bool first)
        {
            var next = Peek();
            if (next == close)
            {
                position++;
                depth--;
                return false;
            }
            if (!first)
            {
                Expect(',', "a comma or the closing " + (close == '}' ? "brace" : "bracket"));
            }
            first = false;
            return true;
        }

        [MethodImpl(AggressiveOptimization)]
        private void SkipWhitespace()
        {
            var characters = text;
            var index = position;
            while (index < characters.Length)
            {
                var character = characters[index];
                if (character != ' ' && character != '\n' && character != '\r' && character != '\t')
                {
                    break;
                }
                index++;
            }
            position = index;
        }

        [MethodImpl(AggressiveOptimization)]
        private void Expect(char expected, string what)
        {
            if (Peek() != expected)
            {
                throw Wrong(what);
            }
            position++;
        }

        private void ExpectWord(string word)
        {
            Peek();
            if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
            {
                throw Wrong(word);
            }
            position += word.Length;
        }

        private void Enter()
        {
            if (++depth > MaxDepth)
            {
                position--;
                throw Wrong("objects and arrays nested at most " + MaxDepth + " deep");
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private char At(int index)
        {
            return index < text.Length ? text[index] : '\0';
        }

        private FormatException Wrong(string expected)
        {
            var found = position < text.Length ? "'" + text[position] + "'" : "the end of the text";
            return new FormatException(string.Format(CultureInfo.InvariantCulture,
                "The JSON text is not valid at character {0}: expected {1}, found {2}.", position, expected, found));
        }
    }
}
