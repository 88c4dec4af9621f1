using System.Buffers;
using System.Numerics;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Append-only storage for the samples of every series of one response: large segments rented from a private pool
/// that keeps at most <see cref="PooledSegments"/> segments of each array type (so a sidecar reading every minute
/// reuses them, and the GC never copies them, but a huge response does not leave all its segments resident as
/// <see cref="ArrayPool{T}.Shared"/> would); a segment larger than the standard size is allocated and dropped.
/// Each segment holds many series back to back. A series is written at the tail of the current segment; when the next
/// chunk does not fit, the series so far moves to a fresh segment, so every series stays contiguous.
/// Not thread-safe; dispose to return the segments.
/// </summary>
internal sealed class SampleArena : IDisposable
{
    private const int SegmentSamples = 1 << 18;
    private const int PooledSegments = 4;

    private static readonly ArrayPool<long> TimestampPool = ArrayPool<long>.Create(SegmentSamples, PooledSegments);
    private static readonly ArrayPool<double> ValuePool = ArrayPool<double>.Create(SegmentSamples, PooledSegments);

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

        var needed = seriesCount + more;
        long[] timestamps;
        double[] values;
        if (needed <= SegmentSamples)
        {
            timestamps = TimestampPool.Rent(SegmentSamples);
            values = ValuePool.Rent(SegmentSamples);
        }
        else
        {
            // One series longer than a segment: grow by doubling, as a pool's power-of-two sizes did, so appending
            // sample by sample stays linear; these arrays are garbage once the response is dropped.
            var size = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)needed), Array.MaxLength);
            timestamps = GC.AllocateUninitializedArray<long>(size);
            values = GC.AllocateUninitializedArray<double>(size);
        }

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
            if (timestamps.Length == SegmentSamples)
            {
                TimestampPool.Return(timestamps);
                ValuePool.Return(values);
            }
        }

        _segments.Clear();
        _timestamps = [];
        _values = [];
        _used = 0;
    }
}
