namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Collects one series at a time from chunks or raw samples straight into a <see cref="SampleArena"/>, keeping
/// only samples inside the query's inclusive [start, end] that are not stale markers, and noting whether they
/// arrived in strictly ascending order. Not thread-safe.
/// </summary>
internal sealed class SeriesBuilder(long startMs, long endMs, SampleArena arena)
{
    private int _start;
    private int _count;
    private bool _unordered;

    /// <summary>Samples kept so far for the current series.</summary>
    public int Count => _count;

    /// <summary>Starts a new series.</summary>
    public void Clear()
    {
        _start = arena.Tail;
        _count = 0;
        _unordered = false;
    }

    /// <summary>Decodes an XOR chunk and keeps its samples in range; returns how many were kept.</summary>
    public int AppendXorChunk(ReadOnlySpan<byte> chunk)
    {
        var count = XorChunkDecoder.ReadSampleCount(chunk);
        _start = arena.Reserve(_start, _count, count);
        var timestamps = arena.Timestamps;
        var values = arena.Values;
        var tail = _start + _count;
        XorChunkDecoder.Decode(chunk, timestamps.AsSpan(tail, count), values.AsSpan(tail, count));

        var last = _count > 0 ? timestamps[tail - 1] : long.MinValue;
        var end = tail + count;
        var unordered = _unordered;

        // Usually every sample is kept (the chunk lies inside the range): then nothing moves.
        var i = tail;
        for (; i < end; i++)
        {
            var t = timestamps[i];
            if (t < startMs || t > endMs || StaleMarker.Is(values[i]))
            {
                break;
            }

            unordered |= t <= last;
            last = t;
        }

        var kept = i;
        for (; i < end; i++)
        {
            var t = timestamps[i];
            var v = values[i];
            if (t < startMs || t > endMs || StaleMarker.Is(v))
            {
                continue;
            }

            unordered |= t <= last;
            last = t;
            timestamps[kept] = t;
            values[kept] = v;
            kept++;
        }

        _unordered = unordered;
        var added = kept - tail;
        _count += added;
        return added;
    }

    /// <summary>Keeps one raw sample if it is in range and not stale; returns whether it was kept.</summary>
    public bool Append(long timestampMs, double value)
    {
        if (timestampMs < startMs || timestampMs > endMs || StaleMarker.Is(value))
        {
            return false;
        }

        _start = arena.Reserve(_start, _count, 1);
        var at = _start + _count;
        _unordered |= _count > 0 && timestampMs <= arena.Timestamps[at - 1];
        arena.Timestamps[at] = timestampMs;
        arena.Values[at] = value;
        _count++;
        return true;
    }

    /// <summary>Seals the current series; null when it kept no samples.</summary>
    public SeriesPart? Complete(LabelSet labels)
    {
        if (_count == 0)
        {
            return null;
        }

        arena.Commit(_start, _count);
        var part = new SeriesPart(labels, arena.Timestamps, arena.Values, _start, _count, _unordered);
        Clear();
        return part;
    }
}
