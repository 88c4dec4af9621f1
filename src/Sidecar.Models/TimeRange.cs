namespace Sidecar.Models;

/// <summary>A half-open interval [<see cref="StartMs"/>, <see cref="EndMs"/>) in unix milliseconds.</summary>
public readonly record struct TimeRange(long StartMs, long EndMs)
{
    /// <summary>True when <paramref name="timestampMs"/> lies inside the interval.</summary>
    public bool Contains(long timestampMs) => timestampMs >= StartMs && timestampMs < EndMs;
}
