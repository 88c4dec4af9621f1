using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sidecar.Series;

/// <summary>
/// The shaped values of every series of a selector over one long grid (a fit window), assembled from shapings of
/// shorter slices so that raw samples of only one slice are held at a time. Values are kept as single precision
/// (half the memory of 1,000 series × 14 days; far below the noise any model fits) with NaN where PromQL returns no
/// point. With a <see cref="WindowSpill"/>, a window that outgrows its memory budget moves its values to a file of its
/// own (one row of the grid's length per series, written slice by slice), so a window of 10,000 series × 14 days of
/// minutes (806 MB) does not live on the heap; each fit reads its series' row back. The file is deleted when the
/// window is disposed (and unlinked at once where the system allows, so a crash leaves nothing behind).
/// Not thread-safe while being filled; read-only (and safe for concurrent readers) afterwards.
/// </summary>
public sealed class ShapedWindow : IDisposable
{
    private const int FloatBytes = sizeof(float);
    private readonly Dictionary<SeriesKey, Entry> _series = [];
    private readonly WindowSpill? _spill;
    private SafeFileHandle? _file;
    private int _rows;
    private float[] _segment = [];

    /// <summary>Creates an empty window over <paramref name="grid"/>, in memory unless <paramref name="spill"/> says otherwise.</summary>
    public ShapedWindow(StepGrid grid, WindowSpill? spill = null)
    {
        Grid = grid;
        _spill = spill;
    }

    /// <summary>True once the values live in a file rather than on the heap.</summary>
    public bool IsSpilled => _file is not null;

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
                if (_file is null && _spill is { } spill && (_series.Count + 1L) * Grid.Count * FloatBytes > spill.MemoryBytes)
                {
                    SpillToFile(spill);
                }

                entry = _file is null ? new Entry(NewRow()) : new Entry(null) { Row = _rows++ };
                _series[key] = entry;
            }

            var length = Math.Min(shaped.Values.Length, Grid.Count - offset);
            var values = entry.Values ?? Segment(length);
            var at = entry.Values is null ? 0 : offset;
            for (var i = 0; i < length; i++)
            {
                if (shaped.IsPresent(i))
                {
                    values[at + i] = (float)shaped.Values[i];
                    entry.First = Math.Min(entry.First, offset + i);
                    entry.Last = Math.Max(entry.Last, offset + i);
                }
                else if (entry.Values is null)
                {
                    values[i] = float.NaN;
                }
            }

            if (entry.Values is null)
            {
                WriteSegment(entry, offset, values.AsSpan(0, length));
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
    public (long TimestampMs, double Value)? Latest(SeriesKey key)
    {
        if (!_series.TryGetValue(key, out var e) || e.Last < 0)
        {
            return null;
        }

        Span<float> one = stackalloc float[1];
        ReadRow(e, e.Last, one);
        return (Grid.TimestampMs(e.Last), one[0]);
    }

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
        if (from > e.Last)
        {
            yield break;
        }

        var values = new float[e.Last - from + 1];
        ReadRow(e, from, values);
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsNaN(values[i]) && Grid.TimestampMs(from + i) > afterMs)
            {
                yield return (Grid.TimestampMs(from + i), values[i]);
            }
        }
    }

    /// <summary>Writes the series' values as doubles into <paramref name="destination"/> (NaN = missing).</summary>
    public void CopyValues(SeriesKey key, Span<double> destination)
    {
        var entry = _series[key];
        if (entry.Values is { } values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                destination[i] = values[i];
            }

            return;
        }

        var row = ArrayPool<float>.Shared.Rent(Grid.Count);
        try
        {
            ReadRow(entry, 0, row.AsSpan(0, Grid.Count));
            for (var i = 0; i < Grid.Count; i++)
            {
                destination[i] = row[i];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
    }

    /// <summary>Deletes the spill file, if any.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private float[] NewRow()
    {
        var values = new float[Grid.Count];
        values.AsSpan().Fill(float.NaN);
        return values;
    }

    private float[] Segment(int length)
    {
        if (_segment.Length < length)
        {
            _segment = new float[length];
        }

        return _segment;
    }

    private long RowOffset(Entry entry, int index) => ((long)entry.Row * Grid.Count + index) * FloatBytes;

    /// <summary>Moves every row written so far to a new file; from now on rows are written there.</summary>
    private void SpillToFile(WindowSpill spill)
    {
        Directory.CreateDirectory(spill.Directory);
        var path = Path.Combine(spill.Directory, $"fit-window-{Guid.NewGuid():N}.tmp");
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            // The open handle keeps the file; its name goes now, so nothing is left if the process dies.
            File.Delete(path);
        }

        foreach (var entry in _series.Values)
        {
            entry.Row = _rows++;
            RandomAccess.Write(_file, MemoryMarshal.AsBytes(entry.Values.AsSpan()), RowOffset(entry, 0));
            entry.Written = Grid.Count;
            entry.Values = null;
        }
    }

    /// <summary>Writes a slice's values of a spilled row, filling any gap since the row's last write with NaN.</summary>
    private void WriteSegment(Entry entry, int offset, ReadOnlySpan<float> values)
    {
        if (offset > entry.Written)
        {
            var gap = new float[offset - entry.Written];
            gap.AsSpan().Fill(float.NaN);
            RandomAccess.Write(_file!, MemoryMarshal.AsBytes(gap.AsSpan()), RowOffset(entry, entry.Written));
        }

        RandomAccess.Write(_file!, MemoryMarshal.AsBytes(values), RowOffset(entry, offset));
        entry.Written = Math.Max(entry.Written, offset + values.Length);
    }

    /// <summary>Reads a row's values from <paramref name="from"/> into <paramref name="destination"/>; NaN past what was written.</summary>
    private void ReadRow(Entry entry, int from, Span<float> destination)
    {
        if (entry.Values is { } values)
        {
            values.AsSpan(from, destination.Length).CopyTo(destination);
            return;
        }

        var written = Math.Clamp(entry.Written - from, 0, destination.Length);
        var bytes = MemoryMarshal.AsBytes(destination[..written]);
        var offset = RowOffset(entry, from);
        while (bytes.Length > 0)
        {
            var read = RandomAccess.Read(_file!, bytes, offset);
            if (read <= 0)
            {
                throw new IOException($"the fit window's spill file ended early at byte {offset}");
            }

            bytes = bytes[read..];
            offset += read;
        }

        destination[written..].Fill(float.NaN);
    }

    private sealed class Entry(float[]? values)
    {
        /// <summary>The row in memory, or null once spilled.</summary>
        public float[]? Values { get; set; } = values;

        /// <summary>The row's place in the spill file.</summary>
        public int Row { get; set; }

        /// <summary>How much of a spilled row the file holds (the rest is NaN).</summary>
        public int Written { get; set; }

        public int First { get; set; } = int.MaxValue;

        public int Last { get; set; } = -1;
    }
}
