using System.Globalization;
using System.Text;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Syntax;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Sources;

/// <summary>
/// The PromQL a <c>query_range</c> source sends for one read of a selector. With the sidecar shaping (grid points)
/// it is the bare selector: at each step the store returns the instant vector, its lookback choosing the sample,
/// its stale markers honoured. With <c>shaping: store</c> it is the selector's whole shaping, the expression
/// <see cref="SeriesShaper"/> is defined to equal: <c>AGG by|without (L) (FUNC(selector[RANGE]))</c>. The selector
/// is written from the read's matchers (which may be narrowed to one shaped series), so it is valid PromQL and
/// MetricsQL whatever the original spelling. Pure.
/// </summary>
public static class QueryRangeExpression
{
    /// <summary>The expression for <paramref name="matchers"/> under <paramref name="shaping"/>.</summary>
    public static string For(ShapingOptions shaping, IReadOnlyList<Matcher> matchers)
    {
        var selector = Selector(matchers);
        if (shaping.Input != SeriesInput.Shaped)
        {
            return selector;
        }

        var inner = shaping.Function switch
        {
            RangeFunction.None => selector,
            _ => $"{shaping.Function.ToString().ToLowerInvariant()}({selector}[{PromDuration.Format(shaping.Range)}])",
        };
        if (shaping.Aggregate == AggregateOp.None)
        {
            return inner;
        }

        var op = shaping.Aggregate.ToString().ToLowerInvariant();
        var labels = shaping.Without ? shaping.WithoutLabels : shaping.By;
        var clause = shaping.Without ? "without" : "by";
        return shaping.Without || labels.Count > 0
            ? $"{op} {clause} ({string.Join(", ", labels)}) ({inner})"
            : $"{op} ({inner})";
    }

    /// <summary><c>{name="value",…}</c>, the metric name as a <c>__name__</c> matcher like any other.</summary>
    public static string Selector(IReadOnlyList<Matcher> matchers)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < matchers.Count; i++)
        {
            var m = matchers[i];
            text.Append(i == 0 ? "" : ",").Append(m.Name).Append(m.Type switch
            {
                MatchType.Equal => "=",
                MatchType.NotEqual => "!=",
                MatchType.RegexMatch => "=~",
                _ => "!~",
            });
            Quote(text, m.Value);
        }

        return text.Append('}').ToString();
    }

    // A Go double-quoted string: the quote, the backslash and control characters escaped, the rest as UTF-8.
    private static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' or '\u007f' => text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }
}
