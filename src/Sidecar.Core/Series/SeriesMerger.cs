using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Applies <c>drop_labels</c>: removes the churny labels from every raw series and merges the series that become
/// identical into one continuous series, so a restarted pod continues the old one (a counter that restarts from zero
/// is then an ordinary counter reset).
/// <para>
/// Overlap rule. Each series is cut into live segments wherever it has no sample for longer than the gap limit (the
/// lookback). Series are ranked by their original labels (Prometheus order); a series contributes only the samples
/// that fall outside every live segment of the higher-ranked series. Where an old and a new incarnation overlap, the
/// merged series therefore switches once from one to the other instead of interleaving two counters; concurrent
/// series that collide (the dropped label told replicas apart) keep the highest-ranked one, and the discarded samples
/// are counted. The rule depends only on samples near each point, so a shaping of a later window gives the same merge
/// except where an overlap straddles the window start.
/// </para>
/// Pure and thread-safe.
/// </summary>
internal static class SeriesMerger
{
    /// <summary>
    /// Returns one series per distinct label set after dropping <paramref name="dropLabels"/>, sorted in Prometheus label
    /// order, and the number of raw samples discarded by the overlap rule. Series that need no merge are passed through
    /// without copying.
    /// </summary>
    public static List<TimeSeries> DropAndMerge(
        IReadOnlyList<TimeSeries> raw, IReadOnlyCollection<string> dropLabels, long gapMs, out int samplesDropped)
    {
        var groups = new Dictionary<LabelSet, List<TimeSeries>>(raw.Count);
        foreach (var series in raw)
        {
            var labels = dropLabels.Count == 0 ? series.Labels : Drop(series.Labels, dropLabels);
            if (!groups.TryGetValue(labels, out var members))
            {
                groups[labels] = members = new List<TimeSeries>(1);
            }

            members.Add(series);
        }

        samplesDropped = 0;
        var merged = new List<TimeSeries>(groups.Count);
        foreach (var (labels, members) in groups)
        {
            if (members.Count == 1)
            {
                var only = members[0];
                merged.Add(ReferenceEquals(only.Labels, labels) ? only : new TimeSeries(labels, only.TimestampsMs, only.Values));
            }
            else
            {
                merged.Add(Merge(labels, members, gapMs, ref samplesDropped));
            }
        }

        merged.Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        return merged;
    }

    private static LabelSet Drop(LabelSet labels, IReadOnlyCollection<string> dropLabels)
    {
        var any = false;
        foreach (var label in labels)
        {
            if (dropLabels.Contains(label.Name))
            {
                any = true;
                break;
            }
        }

        return any ? LabelSet.From(labels.Where(l => !dropLabels.Contains(l.Name))) : labels;
    }

    private static TimeSeries Merge(LabelSet labels, List<TimeSeries> members, long gapMs, ref int samplesDropped)
    {
        members.Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        var claimed = new List<(long From, long To)>();
        var total = 0;
        foreach (var member in members)
        {
            total += member.Count;
        }

        var timestamps = new long[total];
        var values = new double[total];
        var kept = 0;
        foreach (var member in members)
        {
            var interval = 0;
            for (var i = 0; i < member.Count; i++)
            {
                var t = member.TimestampsMs[i];
                while (interval < claimed.Count && claimed[interval].To < t)
                {
                    interval++;
                }

                if (interval < claimed.Count && claimed[interval].From <= t)
                {
                    samplesDropped++;
                    continue;
                }

                timestamps[kept] = t;
                values[kept] = member.Values[i];
                kept++;
            }

            Claim(claimed, member.TimestampsMs, gapMs);
        }

        // Kept samples of different members never share a timestamp (each lies outside the others' segments).
        Array.Sort(timestamps, values, 0, kept);
        if (kept < total)
        {
            Array.Resize(ref timestamps, kept);
            Array.Resize(ref values, kept);
        }

        return new TimeSeries(labels, timestamps, values);
    }

    // Adds a series' live segments to the sorted, disjoint list of claimed intervals.
    private static void Claim(List<(long From, long To)> claimed, long[] timestamps, long gapMs)
    {
        if (timestamps.Length == 0)
        {
            return;
        }

        var from = timestamps[0];
        for (var i = 1; i <= timestamps.Length; i++)
        {
            if (i == timestamps.Length || timestamps[i] - timestamps[i - 1] > gapMs)
            {
                claimed.Add((from, timestamps[i - 1]));
                if (i < timestamps.Length)
                {
                    from = timestamps[i];
                }
            }
        }

        claimed.Sort();
        var write = 0;
        for (var read = 1; read < claimed.Count; read++)
        {
            if (claimed[read].From <= claimed[write].To)
            {
                claimed[write] = (claimed[write].From, Math.Max(claimed[write].To, claimed[read].To));
            }
            else
            {
                claimed[++write] = claimed[read];
            }
        }

        claimed.RemoveRange(write + 1, claimed.Count - write - 1);
    }
}
