namespace Sidecar.RemoteRead.Protocol;

/// <summary>Restores strict time order when overlapping chunks or split responses delivered samples out of order.</summary>
internal static class SampleOrder
{
    /// <summary>
    /// Sorts by timestamp (stable) and keeps one sample per timestamp: the last one delivered, as the newer
    /// chunk wins when TSDB blocks overlap.
    /// </summary>
    public static (long[] Timestamps, double[] Values) SortAndDeduplicate(long[] timestamps, double[] values)
    {
        var order = new int[timestamps.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => timestamps[a] != timestamps[b] ? timestamps[a].CompareTo(timestamps[b]) : a.CompareTo(b));
        var outTimestamps = new List<long>(order.Length);
        var outValues = new List<double>(order.Length);
        foreach (var i in order)
        {
            if (outTimestamps.Count > 0 && outTimestamps[^1] == timestamps[i])
            {
                outValues[^1] = values[i];
                continue;
            }

            outTimestamps.Add(timestamps[i]);
            outValues.Add(values[i]);
        }

        return (outTimestamps.ToArray(), outValues.ToArray());
    }
}
