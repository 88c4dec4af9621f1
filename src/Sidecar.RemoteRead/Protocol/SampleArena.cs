using System.Buffers;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Append-only storage for the samples of every series of one response: large segments rented from
/// <see cref="ArrayPool{T}.Shared"/> (so a sidecar reading every minute reuses them, and the GC never copies them),
/// each holding many series back to back. A series is written at the tail of the current segment; when the next
/// chunk does not fit, the series so far moves to a fresh segment, so every series stays contiguous.
/// Not thread-safe; dispose to return the segments.
/// </summary>
internal sealed class SampleArena : IDisposable
{
    private const int SegmentSamples = 1 << 18;

    private readonly List<(long[] Timestamps, double[] Values)> _segments = [];
    private long[] _timestamps = [];
    private double[] _values = [];
    private int _used;

    /// <summary>Timestamps of the current segment.</summary>
    public long[] Timestamps => _timestamps;

    /// <summary>Values of the current segment.</summary>
    public double[] Values => _values;

    /// <summary>
    /// Makes room for <paramref name="more"/> samples after the <paramref name="seriesCount"/> samples the series
    /// being built already has at the tail; returns the series' (possibly new) start offset in the current segment.
    /// </summary>
    public int Reserve(int seriesStart, int seriesCount, int more)
    {
        if (_timestamps.Length - seriesStart - seriesCount >= more)
        {
            return seriesStart;
        }

        var size = Math.Max(SegmentSamples, seriesCount + more);
        var timestamps = ArrayPool<long>.Shared.Rent(size);
        var values = ArrayPool<double>.Shared.Rent(size);
        if (seriesCount > 0)
        {
            Array.Copy(_timestamps, seriesStart, timestamps, 0, seriesCount);
            Array.Copy(_values, seriesStart, values, 0, seriesCount);
        }

        _segments.Add((timestamps, values));
        _timestamps = timestamps;
        _values = values;
        _used = 0;
        return 0;
    }

    /// <summary>Where the next series starts in the current segment.</summary>
    public int Tail => _used;

    /// <summary>Seals the series being built: its samples are [start, start + count) of the current segment.</summary>
    public void Commit(int start, int count) => _used = start + count;

    public void Dispose()
    {
        foreach (var (timestamps, values) in _segments)
        {
            ArrayPool<long>.Shared.Return(timestamps);
            ArrayPool<double>.Shared.Return(values);
        }

        _segments.Clear();
        _timestamps = [];
        _values = [];
        _used = 0;
    }
}
