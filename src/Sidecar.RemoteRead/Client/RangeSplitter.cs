namespace Sidecar.RemoteRead.Client;

/// <summary>
/// Splits an inclusive [start, end] millisecond window into consecutive inclusive sub-ranges of at most
/// <c>maxRangeMs</c> milliseconds each, with no gap and no overlap: every millisecond belongs to exactly one
/// sub-range, so a sample on a boundary is read exactly once.
/// </summary>
internal static class RangeSplitter
{
    public static IReadOnlyList<(long StartMs, long EndMs)> Split(long startMs, long endMs, long maxRangeMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRangeMs, 1);
        if (endMs < startMs)
        {
            throw new ArgumentException($"end {endMs} is before start {startMs}");
        }

        var ranges = new List<(long, long)>();
        var from = startMs;
        while (true)
        {
            // Written to avoid overflow near long.MaxValue: the sub-range is [from, from + maxRangeMs - 1].
            var to = endMs - from < maxRangeMs ? endMs : from + maxRangeMs - 1;
            ranges.Add((from, to));
            if (to == endMs)
            {
                return ranges;
            }

            from = to + 1;
        }
    }
}
