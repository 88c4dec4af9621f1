using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead.Client;

/// <summary>
/// Joins the parts of each series from several responses (sub-ranges in time order, or a series a server sent in
/// two pieces) into one series per label set, sorted by labels. Parts in time order are concatenated; overlapping
/// parts are sorted and de-duplicated.
/// </summary>
internal static class SeriesMerger
{
    public static IReadOnlyList<TimeSeries> Merge(IEnumerable<IReadOnlyList<TimeSeries>> partsInTimeOrder)
    {
        var byLabels = new Dictionary<LabelSet, List<TimeSeries>>();
        foreach (var part in partsInTimeOrder)
        {
            foreach (var series in part)
            {
                if (!byLabels.TryGetValue(series.Labels, out var list))
                {
                    byLabels[series.Labels] = list = [];
                }

                list.Add(series);
            }
        }

        var merged = new List<TimeSeries>(byLabels.Count);
        foreach (var list in byLabels.Values)
        {
            merged.Add(list.Count == 1 ? list[0] : Concatenate(list));
        }

        merged.Sort(static (a, b) => CompareLabels(a.Labels, b.Labels));
        return merged;
    }

    /// <summary>Orders label sets as Prometheus does: label by label, name then value, ordinal; a prefix sorts first.</summary>
    public static int CompareLabels(LabelSet a, LabelSet b)
    {
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static TimeSeries Concatenate(List<TimeSeries> parts)
    {
        var total = parts.Sum(p => p.Count);
        var timestamps = new long[total];
        var values = new double[total];
        var offset = 0;
        var ordered = true;
        foreach (var part in parts)
        {
            if (offset > 0 && part.TimestampsMs[0] <= timestamps[offset - 1])
            {
                ordered = false;
            }

            part.TimestampsMs.CopyTo(timestamps, offset);
            part.Values.CopyTo(values, offset);
            offset += part.Count;
        }

        if (!ordered)
        {
            (timestamps, values) = SampleOrder.SortAndDeduplicate(timestamps, values);
        }

        return new TimeSeries(parts[0].Labels, timestamps, values);
    }
}
