using System.Globalization;
using System.Text;

namespace Sidecar.Syntax;

/// <summary>
/// PromQL string literals: double- or single-quoted with Go escapes (<c>\n</c>, <c>\x41</c>, <c>\101</c>,
/// <c>\u00e9</c>, <c>\U0001F600</c>, the quote itself), or back-quoted raw strings without escapes. Bytes from
/// escapes must form valid UTF-8. Errors are <see cref="SelectorSyntaxException"/>s at the offending offset.
/// </summary>
internal static class PromQLString
{
    /// <summary>Reads the quoted string starting at <paramref name="pos"/> and moves past it.</summary>
    public static string Read(string text, ref int pos)
    {
        var start = pos;
        var quote = text[pos++];
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (pos >= text.Length || (quote != '`' && text[pos] == '\n'))
            {
                throw new SelectorSyntaxException(start, "unterminated quoted string");
            }

            var c = text[pos];
            if (c == quote)
            {
                pos++;
                break;
            }

            if (c == '\\' && quote != '`')
            {
                ReadEscape(text, ref pos, quote, bytes);
                continue;
            }

            var length = char.IsHighSurrogate(c) && pos + 1 < text.Length ? 2 : 1;
            var written = Encoding.UTF8.GetBytes(text.AsSpan(pos, length), utf8);
            bytes.AddRange(utf8[..written].ToArray());
            pos += length;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new SelectorSyntaxException(start, "quoted string is not valid UTF-8");
        }
    }

    private static void ReadEscape(string text, ref int pos, char quote, List<byte> bytes)
    {
        var at = pos;
        pos++;
        if (pos >= text.Length)
        {
            throw new SelectorSyntaxException(at, "unterminated escape sequence");
        }

        var e = text[pos++];
        byte? simple = e switch
        {
            'a' => 7, 'b' => 8, 'f' => 12, 'n' => 10, 'r' => 13, 't' => 9, 'v' => 11, '\\' => 92,
            _ when e == quote => (byte)quote,
            _ => null,
        };
        if (simple is { } b)
        {
            bytes.Add(b);
            return;
        }

        switch (e)
        {
            case 'x':
                bytes.Add((byte)ReadDigits(text, ref pos, at, 2, 16));
                return;
            case >= '0' and <= '7':
                pos--;
                var octal = ReadDigits(text, ref pos, at, 3, 8);
                if (octal > 255)
                {
                    throw new SelectorSyntaxException(at, "octal escape value > 255");
                }

                bytes.Add((byte)octal);
                return;
            case 'u' or 'U':
                var cp = ReadDigits(text, ref pos, at, e == 'u' ? 4 : 8, 16);
                if (cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                {
                    throw new SelectorSyntaxException(at, "escape sequence is an invalid Unicode code point");
                }

                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)cp)));
                return;
            default:
                throw new SelectorSyntaxException(at, $"unknown escape sequence \\{e}");
        }
    }

    private static long ReadDigits(string text, ref int pos, int escapeAt, int count, int radix)
    {
        if (pos + count > text.Length)
        {
            throw new SelectorSyntaxException(escapeAt, "unterminated escape sequence");
        }

        var digits = text.Substring(pos, count);
        var valid = radix == 16 ? digits.All(char.IsAsciiHexDigit) : digits.All(c => c is >= '0' and <= '7');
        if (!valid)
        {
            throw new SelectorSyntaxException(escapeAt, $"invalid escape sequence \\{text[escapeAt + 1]}{(radix == 8 ? "" : digits)}");
        }

        pos += count;
        return radix == 16
            ? long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : Convert.ToInt64(digits, 8);
    }
}
