namespace Sidecar.Series;

/// <summary>
/// The shaped values of every series of a selector over one long grid (a fit window), assembled from shapings of
/// shorter slices so that raw samples of only one slice are held at a time. Values are kept as single precision
/// (half the memory of 1,000 series × 14 days; far below the noise any model fits) with NaN where PromQL returns no
/// point. Not thread-safe while being filled; read-only afterwards.
/// </summary>
public sealed class ShapedWindow
{
    private readonly Dictionary<SeriesKey, Entry> _series = [];

    /// <summary>Creates an empty window over <paramref name="grid"/>.</summary>
    public ShapedWindow(StepGrid grid)
    {
        Grid = grid;
    }

    /// <summary>The whole window's grid.</summary>
    public StepGrid Grid { get; }

    /// <summary>Number of series seen in any slice.</summary>
    public int Count => _series.Count;

    /// <summary>The series, in no particular order.</summary>
    public IEnumerable<SeriesKey> Keys => _series.Keys;

    /// <summary>Raw samples read for the window (inside the slices' grids, not their range-function history).</summary>
    public long RawSamples { get; private set; }

    /// <summary>
    /// Mean time between consecutive raw samples of one series, milliseconds, over every series and slice; null
    /// when no series had two samples. Samples further apart than the lookback leave steps without a point.
    /// </summary>
    public double? RawSampleSpacingMs => _gaps > 0 ? _spanMs / _gaps : null;

    /// <summary>The most series any slice left out because another shard owns them (0 without sharding).</summary>
    public int SeriesNotOwned { get; private set; }

    private double _spanMs;
    private long _gaps;

    /// <summary>Counts the raw samples of one slice's read inside <paramref name="slice"/>.</summary>
    public void CountRaw(StepGrid slice, IReadOnlyList<RemoteRead.TimeSeries> raw)
    {
        foreach (var series in raw)
        {
            var ts = series.TimestampsMs;
            var first = Array.BinarySearch(ts, slice.StartMs);
            first = first < 0 ? ~first : first;
            var last = Array.BinarySearch(ts, slice.EndMs);
            last = last < 0 ? ~last - 1 : last;
            if (last < first)
            {
                continue;
            }

            RawSamples += last - first + 1;
            if (last > first)
            {
                _spanMs += ts[last] - ts[first];
                _gaps += last - first;
            }
        }
    }

    /// <summary>Copies a shaping of <paramref name="slice"/> (a sub-grid of <see cref="Grid"/>) into the window.</summary>
    /// <exception cref="ArgumentException">The slice is not aligned inside the window's grid.</exception>
    public void Add(StepGrid slice, ShapingResult result)
    {
        if (slice.StepMs != Grid.StepMs || (slice.StartMs - Grid.StartMs) % Grid.StepMs != 0
            || slice.StartMs < Grid.StartMs || (slice.Count > 0 && slice.EndMs > Grid.EndMs))
        {
            throw new ArgumentException($"slice {slice} is not aligned inside {Grid}", nameof(slice));
        }

        var offset = (int)((slice.StartMs - Grid.StartMs) / Grid.StepMs);
        SeriesNotOwned = Math.Max(SeriesNotOwned, result.SeriesNotOwned);
        foreach (var shaped in result.Series)
        {
            var key = new SeriesKey(shaped.Labels, shaped.MetricName);
            if (!_series.TryGetValue(key, out var entry))
            {
                var values = new float[Grid.Count];
                values.AsSpan().Fill(float.NaN);
                _series[key] = entry = new Entry(values);
            }

            for (var i = 0; i < shaped.Values.Length; i++)
            {
                if (shaped.IsPresent(i))
                {
                    var index = offset + i;
                    entry.Values[index] = (float)shaped.Values[i];
                    entry.First = Math.Min(entry.First, index);
                    entry.Last = Math.Max(entry.Last, index);
                }
            }
        }
    }

    /// <summary>True when the window holds <paramref name="key"/>.</summary>
    public bool Contains(SeriesKey key) => _series.ContainsKey(key);

    /// <summary>
    /// Timestamps (unix ms) of the first and last grid points where <paramref name="key"/> has a value, or null when
    /// it has none.
    /// </summary>
    public (long FirstMs, long LastMs)? Extent(SeriesKey key) =>
        _series.TryGetValue(key, out var e) && e.Last >= 0 ? (Grid.TimestampMs(e.First), Grid.TimestampMs(e.Last)) : null;

    /// <summary>The last grid point where <paramref name="key"/> has a value (unix ms) and that value, or null when it has none.</summary>
    public (long TimestampMs, double Value)? Latest(SeriesKey key) =>
        _series.TryGetValue(key, out var e) && e.Last >= 0 ? (Grid.TimestampMs(e.Last), e.Values[e.Last]) : null;

    /// <summary>
    /// The grid points of <paramref name="key"/> with a value after <paramref name="afterMs"/> (unix ms), oldest first;
    /// empty when it has none.
    /// </summary>
    public IEnumerable<(long TimestampMs, double Value)> PointsAfter(SeriesKey key, long afterMs)
    {
        if (!_series.TryGetValue(key, out var e) || e.Last < 0)
        {
            yield break;
        }

        var from = Math.Max(e.First, (int)Math.Clamp(((afterMs - Grid.StartMs) / Grid.StepMs) + 1, 0, Grid.Count));
        for (var i = from; i <= e.Last; i++)
        {
            if (!float.IsNaN(e.Values[i]) && Grid.TimestampMs(i) > afterMs)
            {
                yield return (Grid.TimestampMs(i), e.Values[i]);
            }
        }
    }

    /// <summary>Writes the series' values as doubles into <paramref name="destination"/> (NaN = missing).</summary>
    public void CopyValues(SeriesKey key, Span<double> destination)
    {
        var values = _series[key].Values;
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = values[i];
        }
    }

    private sealed class Entry(float[] values)
    {
        public float[] Values { get; } = values;

        public int First { get; set; } = int.MaxValue;

        public int Last { get; set; } = -1;
    }
}
