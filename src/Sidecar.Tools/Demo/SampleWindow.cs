namespace Sidecar.Tools.Demo;

/// <summary>
/// The samples of every series inside one epoch-aligned two-hour window (one TSDB block). Values are indexed
/// <c>[series][sample]</c> in the order of the generator's series list; all series share the timestamps.
/// Produced fresh per window; treat the arrays as read-only.
/// </summary>
/// <param name="StartSeconds">Window start, unix seconds, a multiple of <see cref="LengthSeconds"/>.</param>
/// <param name="TimestampsSeconds">Sample timestamps inside the window, ascending, unix seconds.</param>
/// <param name="Values">Per series, one value per timestamp.</param>
public sealed record SampleWindow(long StartSeconds, long[] TimestampsSeconds, double[][] Values)
{
    /// <summary>Length of a window, seconds: Prometheus's head block length.</summary>
    public const long LengthSeconds = 2 * 60 * 60;
}
