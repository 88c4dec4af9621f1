namespace Sidecar.Scheduling;

/// <summary>
/// A series' observed points of the last <c>keepMs</c> up to its latest one, oldest first: what the sustained-deviation
/// score (<see cref="Models.ModelOptions.SustainedWindowSeconds"/>) averages over. Points only move forward in time:
/// one at or before the latest is ignored. Bounded by the window over the step. Not thread-safe (guarded by the
/// owning table's lock).
/// </summary>
internal sealed class RecentPoints(long keepMs)
{
    private readonly Queue<(long TimestampMs, double Value)> _points = new();

    /// <summary>The number of points held.</summary>
    public int Count => _points.Count;

    /// <summary>The latest point, or null when none is held.</summary>
    public (long TimestampMs, double Value)? Latest { get; private set; }

    /// <summary>Adds a point newer than the latest, and forgets those that fell out of the window.</summary>
    public void Add(long timestampMs, double value)
    {
        if (Latest is { } latest && timestampMs <= latest.TimestampMs)
        {
            return;
        }

        Latest = (timestampMs, value);
        _points.Enqueue((timestampMs, value));
        while (_points.Peek().TimestampMs <= timestampMs - keepMs)
        {
            _points.Dequeue();
        }
    }

    /// <summary>Copies the points held, oldest first, into spans at least <see cref="Count"/> long.</summary>
    public void CopyTo(Span<long> timestampsMs, Span<double> values)
    {
        var i = 0;
        foreach (var (t, v) in _points)
        {
            timestampsMs[i] = t;
            values[i] = v;
            i++;
        }
    }
}
