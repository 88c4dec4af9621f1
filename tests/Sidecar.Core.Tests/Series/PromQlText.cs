using System.Globalization;
using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

/// <summary>The PromQL a shaping must equal, written from its options (test side, independent of the shaper).</summary>
public static class PromQlText
{
    public static string For(ShapingOptions options, string selector)
    {
        var inner = options.Function switch
        {
            RangeFunction.None => selector,
            RangeFunction.Rate => $"rate({selector}[{Seconds(options.Range)}])",
            RangeFunction.Increase => $"increase({selector}[{Seconds(options.Range)}])",
            RangeFunction.Delta => $"delta({selector}[{Seconds(options.Range)}])",
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        if (options.Aggregate == AggregateOp.None)
        {
            return inner;
        }

        var op = options.Aggregate.ToString().ToLowerInvariant();
        var labels = options.Without ? options.WithoutLabels : options.By;
        return $"{op} {(options.Without ? "without" : "by")} ({string.Join(", ", labels)}) ({inner})";
    }

    private static string Seconds(TimeSpan range) =>
        ((long)range.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}
