namespace Sidecar.RemoteRead;

/// <summary>
/// Orders label sets as Prometheus's <c>labels.Compare</c> does: label by label, name then value, a prefix first.
/// This is the order PromQL visits series in, which fixes the summation order of aggregations, and the order a
/// remote-read response lists the series of a result in. Thread-safe.
/// </summary>
public sealed class LabelSetComparer : IComparer<LabelSet>
{
    /// <summary>The one instance.</summary>
    public static LabelSetComparer Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(LabelSet? x, LabelSet? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var n = Math.Min(x.Count, y.Count);
        for (var i = 0; i < n; i++)
        {
            var byName = string.CompareOrdinal(x[i].Name, y[i].Name);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = string.CompareOrdinal(x[i].Value, y[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return x.Count - y.Count;
    }
}
