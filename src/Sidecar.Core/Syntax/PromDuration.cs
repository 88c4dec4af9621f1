using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Sidecar.Syntax;

/// <summary>
/// Durations in Prometheus form: one or more <c>&lt;integer&gt;&lt;unit&gt;</c> terms with units in decreasing
/// order, each at most once — <c>y</c> (365 days), <c>w</c>, <c>d</c>, <c>h</c>, <c>m</c>, <c>s</c>, <c>ms</c> —
/// e.g. <c>30s</c>, <c>1h30m</c>, <c>14d</c>; or <c>0</c>. Millisecond resolution, never negative. Thread-safe.
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not a Prometheus duration.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (text == "0")
        {
            return true;
        }

        if (text.Length == 0)
        {
            error = "empty duration string";
            return false;
        }

        var pos = 0;
        var nextUnit = 0;
        long totalMs = 0;
        while (pos < text.Length)
        {
            var digitsStart = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            if (pos == digitsStart)
            {
                error = Invalid(text);
                return false;
            }

            var unitStart = pos;
            while (pos < text.Length && char.IsAsciiLetter(text[pos]))
            {
                pos++;
            }

            var unit = text[unitStart..pos];
            var index = Array.FindIndex(Units, nextUnit, u => u.Unit == unit);
            if (unit.Length == 0 || index < 0)
            {
                error = Invalid(text);
                return false;
            }

            nextUnit = index + 1;
            if (!long.TryParse(text.AsSpan(digitsStart, unitStart - digitsStart), NumberStyles.None,
                    CultureInfo.InvariantCulture, out var count))
            {
                error = $"duration \"{text}\" is too large";
                return false;
            }

            try
            {
                totalMs = checked(totalMs + checked(count * Units[index].Ms));
            }
            catch (OverflowException)
            {
                error = $"duration \"{text}\" is too large";
                return false;
            }
        }

        if (totalMs > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            error = $"duration \"{text}\" is too large";
            return false;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>
    /// Formats as Prometheus does: largest units first, years and weeks only when they divide exactly
    /// (<c>90d</c>, not <c>12w6d</c>); <c>0s</c> for zero. Sub-millisecond parts are truncated.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var ms = value.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        foreach (var (unit, unitMs) in Units)
        {
            var exactOnly = unit is "y" or "w";
            if (exactOnly && ms % unitMs != 0)
            {
                continue;
            }

            var count = ms / unitMs;
            if (count > 0)
            {
                sb.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ms -= count * unitMs;
            }
        }

        return sb.ToString();
    }

    private static string Invalid(string text) =>
        $"invalid duration \"{text}\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)";
}
