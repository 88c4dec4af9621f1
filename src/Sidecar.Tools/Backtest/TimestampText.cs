using System.Globalization;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Parses the timestamp column of a backtest CSV: ISO 8601 with a space or <c>T</c> between date and time,
/// optional seconds and fraction, optional <c>Z</c> or <c>±HH:MM</c> offset (none means UTC), or unix seconds
/// (integer or decimal). Thread-safe.
/// </summary>
public static class TimestampText
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd'T'HH:mm:sszz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses <paramref name="text"/> into unix milliseconds (sub-millisecond digits are truncated).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long unixMs)
    {
        unixMs = 0;
        ReadOnlySpan<char> s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (IsUnixSeconds(s))
        {
            return TryParseUnixSeconds(s, out unixMs);
        }

        Span<char> iso = stackalloc char[s.Length];
        s.CopyTo(iso);
        if (iso.Length > 10 && iso[10] == ' ')
        {
            iso[10] = 'T';
        }

        if (!DateTimeOffset.TryParseExact(iso, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            return false;
        }

        unixMs = parsed.ToUnixTimeMilliseconds();
        return true;
    }

    private static bool IsUnixSeconds(ReadOnlySpan<char> s)
    {
        int start = s[0] == '-' ? 1 : 0;
        if (start >= s.Length)
        {
            return false;
        }

        bool dot = false;
        for (int i = start; i < s.Length; i++)
        {
            if (s[i] == '.' && !dot)
            {
                dot = true;
            }
            else if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Exact decimal arithmetic: 1500012900.123 must become ...900123 ms, not ...900122 through binary rounding.
    private static bool TryParseUnixSeconds(ReadOnlySpan<char> s, out long unixMs)
    {
        unixMs = 0;
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds))
        {
            return false;
        }

        decimal ms = decimal.Truncate(seconds * 1000m);
        if (ms < -62_135_596_800_000m || ms > 253_402_300_799_999m)
        {
            return false;
        }

        unixMs = (long)ms;
        return true;
    }
}
