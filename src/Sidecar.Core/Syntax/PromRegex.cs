using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace Sidecar.Syntax;

/// <summary>
/// Checks a label-matcher regex the way Prometheus will see it: RE2 syntax, fully anchored. RE2 constructs .NET
/// spells differently are translated (<c>(?P&lt;name&gt;…)</c>, <c>[[:alpha:]]</c>, <c>\pL</c>); .NET-only
/// constructs RE2 rejects (look-around, back-references, atomic groups, <c>\Z</c>, <c>\G</c>) are reported, so a
/// selector Prometheus would refuse fails at config load instead of at the first request. Thread-safe.
/// </summary>
internal static class PromRegex
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F", ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z",
        ["print"] = " -~", ["punct"] = "!-/:-@\\[-`{-~", ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Compiles <paramref name="pattern"/> anchored at both ends (<c>^(?:…)\z</c>).</summary>
    public static bool TryCompile(string pattern, [NotNullWhen(true)] out Regex? regex, [NotNullWhen(false)] out string? error)
    {
        regex = null;
        if (!TryTranslate(pattern, out var translated, out error))
        {
            return false;
        }

        try
        {
            // Compiled alone first, so an error message quotes the user's pattern rather than the anchored one.
            _ = new Regex(translated, RegexOptions.CultureInvariant);
            regex = new Regex($"^(?:{translated})\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static bool TryTranslate(string p, out string translated, [NotNullWhen(false)] out string? error)
    {
        var sb = new StringBuilder(p.Length + 8);
        translated = "";
        error = null;
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var next = p[i + 1];
                if (char.IsAsciiDigit(next) && next != '0' && !inClass)
                {
                    error = $"back-references (\\{next}) are not supported by Prometheus (RE2)";
                    return false;
                }

                if (next is 'k' or 'Z' or 'G' or 'e' or 'R' or 'X' or 'K')
                {
                    error = $"\\{next} is not supported by Prometheus (RE2)";
                    return false;
                }

                if (next is 'p' or 'P' && i + 2 < p.Length && p[i + 2] != '{')
                {
                    sb.Append('\\').Append(next).Append('{').Append(p[i + 2]).Append('}');
                    i += 2;
                    continue;
                }

                sb.Append(c).Append(next);
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    var name = close < 0 ? "" : p[(i + 2)..close];
                    if (close >= 0 && PosixClasses.TryGetValue(name, out var set))
                    {
                        sb.Append(set);
                        i = close + 1;
                        continue;
                    }

                    if (close >= 0 && name.StartsWith('^'))
                    {
                        error = $"negated POSIX class [:{name}:] is not supported here";
                        return false;
                    }
                }

                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < p.Length && p[i + 1] == '^')
                {
                    sb.Append('^');
                    i++;
                }

                if (i + 1 < p.Length && p[i + 1] == ']')
                {
                    sb.Append("\\]");
                    i++;
                }

                continue;
            }

            if (c == '(' && i + 1 < p.Length && p[i + 1] == '?')
            {
                var rest = p.AsSpan(i + 2);
                if (rest.StartsWith("P<"))
                {
                    sb.Append("(?<");
                    i += 3;
                    continue;
                }

                if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
                {
                    error = "look-around assertions are not supported by Prometheus (RE2)";
                    return false;
                }

                if (rest.StartsWith(">") || rest.StartsWith("#") || rest.StartsWith("("))
                {
                    error = $"(?{rest[0]} groups are not supported by Prometheus (RE2)";
                    return false;
                }

                var flagsEnd = rest.IndexOfAny(':', ')');
                if (flagsEnd >= 0 && !rest.StartsWith("<") && rest[..flagsEnd].ContainsAnyExcept("imsU-"))
                {
                    error = $"unknown flags in (?{rest[..flagsEnd]}; Prometheus (RE2) knows i, m, s and U";
                    return false;
                }

                if (flagsEnd >= 0 && rest[..flagsEnd].Contains('U'))
                {
                    error = "the U (ungreedy) flag is not supported here";
                    return false;
                }
            }

            sb.Append(c);
        }

        translated = sb.ToString();
        return true;
    }
}
