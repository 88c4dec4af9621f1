using System.Globalization;

namespace Sidecar.Syntax;

/// <summary>
/// A time as the Prometheus HTTP API accepts it (<c>start</c>, <c>end</c>, <c>time</c>): RFC 3339 with an explicit
/// offset (<c>2025-03-01T12:00:00Z</c>, fractions allowed) or unix seconds (fractions allowed). Thread-safe (stateless).
/// </summary>
public static class PromTimestamp
{
    private static readonly string[] Rfc3339 = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>What the parser expects, for error messages.</summary>
    public const string Expected = "an RFC 3339 time (2025-03-01T12:00:00Z) or unix seconds";

    /// <summary>Parses <paramref name="text"/>; false when it is neither form.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            && Math.Abs(seconds) < 253_402_300_799m)
        {
            value = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        return DateTimeOffset.TryParseExact(text, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-');
    }
}
