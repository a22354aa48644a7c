using System;
using System.Globalization;

namespace CertRebind
{
    /// <summary>The times of the exe's envelope (ISO 8601, UTC) as the module's objects give them: local time.</summary>
    public static class EnvelopeTime
    {
        /// <summary>
        /// Text in ISO 8601 (UTC when it names no offset), or a DateTime that ConvertFrom-Json made (UTC when its kind
        /// is unspecified), as local time; null for null or blank text. Text that is no time throws a FormatException.
        /// </summary>
        public static DateTime? Local(object value)
        {
            if (value == null)
            {
                return null;
            }
            if (value is DateTime)
            {
                var time = (DateTime)value;
                return time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc).ToLocalTime() : time.ToLocalTime();
            }
            var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).LocalDateTime;
        }
    }
}
