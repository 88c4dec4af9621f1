using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sidecar.Syntax;

/// <summary>
/// Byte sizes as Prometheus flags write them: an integer with an optional unit <c>B</c>, <c>KiB</c>/<c>KB</c>,
/// <c>MiB</c>/<c>MB</c>, <c>GiB</c>/<c>GB</c>, <c>TiB</c>/<c>TB</c>. Like Prometheus's base-2 sizes, <c>KB</c> means
/// 1024 bytes. Thread-safe.
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Bytes)[] Units =
    [
        ("B", 1L),
        ("KiB", 1L << 10), ("KB", 1L << 10),
        ("MiB", 1L << 20), ("MB", 1L << 20),
        ("GiB", 1L << 30), ("GB", 1L << 30),
        ("TiB", 1L << 40), ("TB", 1L << 40),
    ];

    /// <summary>Parses <paramref name="text"/> into bytes.</summary>
    /// <exception cref="FormatException">Not a size.</exception>
    public static long Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/> into bytes; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        error = null;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var unit = text[digits..].Trim();
        var multiplier = unit.Length == 0 ? 1L : Array.Find(Units, u => u.Unit == unit).Bytes;
        if (digits == 0 || multiplier == 0)
        {
            error = $"invalid size \"{text}\": expected e.g. 512KiB, 16MiB, 1GiB or a number of bytes";
            return false;
        }

        if (!long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count > long.MaxValue / multiplier)
        {
            error = $"size \"{text}\" is too large";
            return false;
        }

        bytes = count * multiplier;
        return true;
    }

    /// <summary>Formats with the largest binary unit that divides exactly (<c>16MiB</c>, <c>1500B</c>).</summary>
    public static string Format(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        foreach (var unit in new[] { "TiB", "GiB", "MiB", "KiB" })
        {
            var size = Array.Find(Units, u => u.Unit == unit).Bytes;
            if (bytes != 0 && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
