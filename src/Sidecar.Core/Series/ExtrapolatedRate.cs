namespace Sidecar.Series;

/// <summary>
/// PromQL's <c>rate</c>, <c>increase</c> and <c>delta</c> for one window of samples, as Prometheus 2.x computes them
/// (<c>extrapolatedRate</c>): counter resets add the value before the drop; the result is extrapolated towards each
/// window edge by the distance to it when that is under 1.1× the average sample spacing, else by half the spacing;
/// counters are not extrapolated below zero. Arithmetic is done in the same order as Prometheus so results agree to the
/// last bit on the same platform. Pure and thread-safe.
/// </summary>
internal static class ExtrapolatedRate
{
    /// <summary>
    /// Computes the function over the samples of one window [<paramref name="rangeStartMs"/>,
    /// <paramref name="rangeEndMs"/>]; false (no point) with fewer than two samples.
    /// </summary>
    /// <param name="timestampsMs">The window's sample timestamps, ascending, unix ms.</param>
    /// <param name="values">The window's sample values.</param>
    /// <param name="rangeStartMs">Window start (evaluation time − range), unix ms.</param>
    /// <param name="rangeEndMs">Window end (evaluation time), unix ms.</param>
    /// <param name="rangeSeconds">The range in seconds, as Go's <c>Duration.Seconds()</c> gives it.</param>
    /// <param name="isCounter">True for rate and increase (reset handling, zero floor).</param>
    /// <param name="isRate">True for rate (per second).</param>
    /// <param name="result">The value.</param>
    public static bool TryCompute(
        ReadOnlySpan<long> timestampsMs,
        ReadOnlySpan<double> values,
        long rangeStartMs,
        long rangeEndMs,
        double rangeSeconds,
        bool isCounter,
        bool isRate,
        out double result)
    {
        var n = values.Length;
        if (n < 2)
        {
            result = 0;
            return false;
        }

        var first = values[0];
        var resultValue = values[n - 1] - first;
        if (isCounter)
        {
            var previous = first;
            for (var i = 1; i < n; i++)
            {
                var current = values[i];
                if (current < previous)
                {
                    resultValue += previous;
                }

                previous = current;
            }
        }

        var durationToStart = (double)(timestampsMs[0] - rangeStartMs) / 1000;
        var durationToEnd = (double)(rangeEndMs - timestampsMs[n - 1]) / 1000;
        var sampledInterval = (double)(timestampsMs[n - 1] - timestampsMs[0]) / 1000;
        var averageDurationBetweenSamples = sampledInterval / (n - 1);

        // 2.x caps the start distance at the counter's zero point before comparing it with the threshold
        // (later releases compare first); the order changes results when the zero point lies within 1.1 spacings.
        if (isCounter && resultValue > 0 && first >= 0)
        {
            var durationToZero = sampledInterval * (first / resultValue);
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        var extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        var extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < extrapolationThreshold
            ? durationToStart
            : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < extrapolationThreshold
            ? durationToEnd
            : averageDurationBetweenSamples / 2;

        var factor = extrapolateToInterval / sampledInterval;
        if (isRate)
        {
            factor /= rangeSeconds;
        }

        result = resultValue * factor;
        return true;
    }

    /// <summary>A millisecond duration in seconds exactly as Go's <c>time.Duration.Seconds()</c> rounds it.</summary>
    public static double GoSeconds(long durationMs)
    {
        var seconds = Math.DivRem(durationMs, 1000, out var remainderMs);
        return seconds + (double)(remainderMs * 1_000_000) / 1e9;
    }
}
