using System.Text.RegularExpressions;

namespace Sidecar.Tests.Examples;

/// <summary>
/// The metric names a PromQL expression selects, found lexically: strings, label matchers, ranges and grouping
/// lists are removed; identifiers followed by '(' are functions or aggregations; keywords are skipped. Enough for
/// the expressions of our dashboards and rules, not a PromQL parser.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> s_keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "inf", "nan", "atan2",
    ];

    /// <summary>Metric names in <paramref name="expr"/>.</summary>
    public static IReadOnlySet<string> Of(string expr)
    {
        var text = StringLiteral().Replace(expr, "\"\"");
        text = Braces().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(text))
        {
            var name = m.Groups["name"].Value;
            var isCall = m.Groups["call"].Success;
            if (!isCall && !s_keywords.Contains(name.ToLowerInvariant()) && !char.IsDigit(name[0]))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w:.$])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
