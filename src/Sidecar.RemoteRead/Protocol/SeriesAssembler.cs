namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Turns the parts of one or more responses (sub-ranges in time order; a server may also send one series in two
/// pieces) into one <see cref="TimeSeries"/> per label set, sorted by labels, copying each sample once into
/// exact-size arrays. Parts that overlap or arrive out of order are sorted and de-duplicated. Thread-safe (stateless).
/// </summary>
internal static class SeriesAssembler
{
    public static IReadOnlyList<TimeSeries> Assemble(IEnumerable<DecodedResponse> responsesInTimeOrder)
    {
        var byLabels = new Dictionary<LabelSet, List<SeriesPart>>();
        foreach (var response in responsesInTimeOrder)
        {
            foreach (var part in response.Parts)
            {
                if (!byLabels.TryGetValue(part.Labels, out var list))
                {
                    byLabels[part.Labels] = list = [];
                }

                list.Add(part);
            }
        }

        var series = new List<TimeSeries>(byLabels.Count);
        foreach (var (labels, parts) in byLabels)
        {
            series.Add(Concatenate(labels, parts));
        }

        series.Sort(static (a, b) => CompareLabels(a.Labels, b.Labels));
        return series;
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

    private static TimeSeries Concatenate(LabelSet labels, List<SeriesPart> parts)
    {
        var total = 0;
        foreach (var part in parts)
        {
            total += part.Count;
        }

        // Every element is written below, so the arrays need no zeroing.
        var timestamps = GC.AllocateUninitializedArray<long>(total);
        var values = GC.AllocateUninitializedArray<double>(total);
        var offset = 0;
        var ordered = true;
        foreach (var part in parts)
        {
            ordered &= !part.Unordered && (offset == 0 || part.Timestamps[part.Offset] > timestamps[offset - 1]);
            Array.Copy(part.Timestamps, part.Offset, timestamps, offset, part.Count);
            Array.Copy(part.Values, part.Offset, values, offset, part.Count);
            offset += part.Count;
        }

        if (!ordered)
        {
            (timestamps, values) = SampleOrder.SortAndDeduplicate(timestamps, values);
        }

        return new TimeSeries(labels, timestamps, values);
    }
}
