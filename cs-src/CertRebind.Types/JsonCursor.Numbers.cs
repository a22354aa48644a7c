using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CertRebind
{
    /// <summary>The numbers of <see cref="JsonCursor"/>, as the grammar of RFC 8259 section 6 writes them.</summary>
    public sealed partial class JsonCursor
    {
        /// <summary>
        /// Reads a number: a <see cref="long"/> when it is an integer that fits, a <see cref="BigInteger"/> when it is
        /// an integer beyond, else a <see cref="double"/> (as PowerShell's ConvertFrom-Json makes them).
        /// </summary>
        [MethodImpl(AggressiveOptimization)]
        public object ReadNumber()
        {
            Peek();
            var start = position;
            var isInteger = SkipNumber();
            var token = text.Substring(start, position - start);
            if (isInteger)
            {
                long integer;
                if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer))
                {
                    return integer;
                }
                return BigInteger.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            var number = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(number))
            {
                position = start;
                throw Wrong("a number within the range of a double");
            }
            return number;
        }

        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? ; true for an integer (no fraction, no exponent).
        [MethodImpl(AggressiveOptimization)]
        private bool SkipNumber()
        {
            Peek();
            var start = position;
            if (At(position) == '-')
            {
                position++;
            }
            if (At(position) == '0')
            {
                position++;
            }
            else if (!SkipDigits())
            {
                position = start;
                throw Wrong("a value (an object, an array, a string, a number, true, false or null)");
            }
            var isInteger = true;
            if (At(position) == '.')
            {
                position++;
                isInteger = false;
                if (!SkipDigits())
                {
                    throw Wrong("a digit after the decimal point");
                }
            }
            var exponent = At(position);
            if (exponent == 'e' || exponent == 'E')
            {
                position++;
                isInteger = false;
                var sign = At(position);
                if (sign == '+' || sign == '-')
                {
                    position++;
                }
                if (!SkipDigits())
                {
                    throw Wrong("a digit in the exponent");
                }
            }
            return isInteger;
        }

        [MethodImpl(AggressiveOptimization)]
        private bool SkipDigits()
        {
            var characters = text;
            var start = position;
            var index = start;
            while (index < characters.Length && characters[index] >= '0' && characters[index] <= '9')
            {
                index++;
            }
            position = index;
            return index > start;
        }
    }
}
