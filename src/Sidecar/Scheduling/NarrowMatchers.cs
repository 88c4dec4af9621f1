using Sidecar.RemoteRead;
using Sidecar.Series;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Scheduling;

/// <summary>
/// Matchers that read one shaped series' raw inputs instead of the whole selector: the selector's matchers plus an
/// equality matcher per label the shaped series has (every raw series behind it carries those values), the metric
/// name when it is a single one, and <c>label=""</c> for <c>by</c> labels the group lacks. The result may select a
/// few other raw series too; shaping sorts them into other series, which the caller ignores. Thread-safe.
/// </summary>
public static class NarrowMatchers
{
    /// <summary>The matchers reading <paramref name="key"/>'s inputs.</summary>
    public static IReadOnlyList<Matcher> For(IReadOnlyList<Matcher> selector, ShapingOptions shaping, SeriesKey key)
    {
        var matchers = new List<Matcher>(selector);
        foreach (var label in key.Labels)
        {
            matchers.Add(new Matcher(MatchType.Equal, label.Name, label.Value));
        }

        if (key.Labels.Get(LabelSet.MetricName).Length == 0 && key.Metric.Length > 0 && !key.Metric.Contains('|'))
        {
            matchers.Add(new Matcher(MatchType.Equal, LabelSet.MetricName, key.Metric));
        }

        if (shaping.Aggregate != AggregateOp.None && !shaping.Without)
        {
            foreach (var name in shaping.By)
            {
                if (key.Labels.Get(name).Length == 0 && name != LabelSet.MetricName)
                {
                    matchers.Add(new Matcher(MatchType.Equal, name, string.Empty));
                }
            }
        }

        return matchers;
    }
}
