using System.Buffers;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Collects one series' samples from chunks or raw samples, keeping only those inside the query's inclusive
/// [start, end] that are not stale markers, into pooled working buffers reused from series to series.
/// <see cref="Build"/> copies them into exact-size arrays, sorting and de-duplicating if chunks overlapped.
/// Not thread-safe; return the buffers with <see cref="Dispose"/>.
/// </summary>
internal sealed class SeriesBuilder : IDisposable
{
    private readonly long _startMs;
    private readonly long _endMs;
    private long[] _timestamps;
    private double[] _values;
    private int _count;
    private bool _unordered;

    public SeriesBuilder(long startMs, long endMs)
    {
        _startMs = startMs;
        _endMs = endMs;
        _timestamps = ArrayPool<long>.Shared.Rent(1024);
        _values = ArrayPool<double>.Shared.Rent(1024);
    }

    /// <summary>Samples kept so far for the current series.</summary>
    public int Count => _count;

    /// <summary>Starts a new series.</summary>
    public void Clear()
    {
        _count = 0;
        _unordered = false;
    }

    /// <summary>Decodes an XOR chunk and keeps its samples in range; returns how many were kept.</summary>
    public int AppendXorChunk(ReadOnlySpan<byte> chunk)
    {
        var count = XorChunkDecoder.ReadSampleCount(chunk);
        EnsureCapacity(_count + count);
        XorChunkDecoder.Decode(chunk, _timestamps.AsSpan(_count, count), _values.AsSpan(_count, count));
        var kept = _count;
        var last = _count > 0 ? _timestamps[_count - 1] : long.MinValue;
        for (var i = _count; i < _count + count; i++)
        {
            var t = _timestamps[i];
            var v = _values[i];
            if (t < _startMs || t > _endMs || StaleMarker.Is(v))
            {
                continue;
            }

            _unordered |= t <= last;
            last = t;
            _timestamps[kept] = t;
            _values[kept] = v;
            kept++;
        }

        var added = kept - _count;
        _count = kept;
        return added;
    }

    /// <summary>Keeps one raw sample if it is in range and not stale; returns whether it was kept.</summary>
    public bool Append(long timestampMs, double value)
    {
        if (timestampMs < _startMs || timestampMs > _endMs || StaleMarker.Is(value))
        {
            return false;
        }

        EnsureCapacity(_count + 1);
        _unordered |= _count > 0 && timestampMs <= _timestamps[_count - 1];
        _timestamps[_count] = timestampMs;
        _values[_count] = value;
        _count++;
        return true;
    }

    /// <summary>The current series, or null when it kept no samples.</summary>
    public TimeSeries? Build(LabelSet labels)
    {
        if (_count == 0)
        {
            return null;
        }

        var timestamps = _timestamps.AsSpan(0, _count).ToArray();
        var values = _values.AsSpan(0, _count).ToArray();
        if (_unordered)
        {
            (timestamps, values) = SampleOrder.SortAndDeduplicate(timestamps, values);
        }

        return new TimeSeries(labels, timestamps, values);
    }

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(_timestamps);
        ArrayPool<double>.Shared.Return(_values);
        _timestamps = [];
        _values = [];
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _timestamps.Length)
        {
            return;
        }

        var size = Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * _timestamps.Length));
        var timestamps = ArrayPool<long>.Shared.Rent(size);
        var values = ArrayPool<double>.Shared.Rent(size);
        _timestamps.AsSpan(0, _count).CopyTo(timestamps);
        _values.AsSpan(0, _count).CopyTo(values);
        ArrayPool<long>.Shared.Return(_timestamps);
        ArrayPool<double>.Shared.Return(_values);
        _timestamps = timestamps;
        _values = values;
    }
}
