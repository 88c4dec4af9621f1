namespace Sidecar.Series;

/// <summary>
/// The evaluation timestamps of a shaped series, as PromQL's <c>query_range</c> lays them out: <see cref="StartMs"/>,
/// <see cref="StartMs"/> + <see cref="StepMs"/>, … for <see cref="Count"/> points. All times are unix milliseconds.
/// Immutable value.
/// </summary>
public readonly record struct StepGrid
{
    /// <summary>Creates a grid of <paramref name="count"/> points from <paramref name="startMs"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive or the count is negative.</exception>
    public StepGrid(long startMs, long stepMs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        StartMs = startMs;
        StepMs = stepMs;
        Count = count;
    }

    /// <summary>First evaluation timestamp, unix milliseconds.</summary>
    public long StartMs { get; }

    /// <summary>Spacing between evaluation timestamps, milliseconds.</summary>
    public long StepMs { get; }

    /// <summary>Number of evaluation timestamps.</summary>
    public int Count { get; }

    /// <summary>Last evaluation timestamp (unix ms); equals <see cref="StartMs"/> − <see cref="StepMs"/> when empty.</summary>
    public long EndMs => StartMs + (Count - 1) * StepMs;

    /// <summary>
    /// The grid <c>query_range</c> evaluates for <c>start</c>, <c>end</c> and <c>step</c>: every
    /// <c>start + k·step ≤ end</c>. Empty when <paramref name="endMs"/> &lt; <paramref name="startMs"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive or the grid has more than int.MaxValue points.</exception>
    public static StepGrid Between(long startMs, long endMs, long stepMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        if (endMs < startMs)
        {
            return new StepGrid(startMs, stepMs, 0);
        }

        var count = (endMs - startMs) / stepMs + 1;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, int.MaxValue, nameof(endMs));
        return new StepGrid(startMs, stepMs, (int)count);
    }

    /// <summary>
    /// The largest multiple of <paramref name="stepMs"/> not after <paramref name="timeMs"/>: aligning every grid to it
    /// makes consecutive incremental shapings land on the same timestamps.
    /// </summary>
    public static long AlignDown(long timeMs, long stepMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        var rem = timeMs % stepMs;
        return rem < 0 ? timeMs - rem - stepMs : timeMs - rem;
    }

    /// <summary>The <paramref name="index"/>-th evaluation timestamp, unix milliseconds.</summary>
    public long TimestampMs(int index) => StartMs + index * StepMs;
}
