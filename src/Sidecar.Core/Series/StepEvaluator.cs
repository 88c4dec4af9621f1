using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Evaluates a selector's function for one series at every grid timestamp, as PromQL 2.x does per step: an instant
/// vector takes the last sample in the closed window [t − lookback, t]; a range function sees the samples in the
/// closed window [t − range, t] (Prometheus 3 made both windows left-open). One pass with two cursors, no allocation.
/// Pure and thread-safe.
/// </summary>
internal sealed class StepEvaluator
{
    private readonly RangeFunction _function;
    private readonly long _windowMs;
    private readonly double _rangeSeconds;

    public StepEvaluator(RangeFunction function, long rangeMs, long lookbackMs)
    {
        _function = function;
        _windowMs = function == RangeFunction.None ? lookbackMs : rangeMs;
        _rangeSeconds = ExtrapolatedRate.GoSeconds(rangeMs);
    }

    /// <summary>How far before a grid point samples can matter, milliseconds.</summary>
    public long WindowMs => _windowMs;

    /// <summary>
    /// Writes one value per grid point into <paramref name="output"/>: <see cref="ShapedSeries.Missing"/> where PromQL
    /// has no point; a NaN result as <see cref="double.NaN"/>. Returns the number of points present.
    /// </summary>
    public int Evaluate(TimeSeries series, StepGrid grid, Span<double> output)
    {
        return _function == RangeFunction.None
            ? EvaluateInstant(series.TimestampsMs, series.Values, grid, output)
            : EvaluateRange(series.TimestampsMs, series.Values, grid, output);
    }

    private int EvaluateInstant(long[] timestamps, double[] values, StepGrid grid, Span<double> output)
    {
        var present = 0;
        var last = -1;
        for (var k = 0; k < grid.Count; k++)
        {
            var t = grid.TimestampMs(k);
            while (last + 1 < timestamps.Length && timestamps[last + 1] <= t)
            {
                last++;
            }

            if (last >= 0 && timestamps[last] >= t - _windowMs)
            {
                output[k] = Canonical(values[last]);
                present++;
            }
            else
            {
                output[k] = ShapedSeries.Missing;
            }
        }

        return present;
    }

    private int EvaluateRange(long[] timestamps, double[] values, StepGrid grid, Span<double> output)
    {
        var isCounter = _function != RangeFunction.Delta;
        var isRate = _function == RangeFunction.Rate;
        var present = 0;
        var first = 0;
        var last = -1;
        for (var k = 0; k < grid.Count; k++)
        {
            var t = grid.TimestampMs(k);
            var start = t - _windowMs;
            while (last + 1 < timestamps.Length && timestamps[last + 1] <= t)
            {
                last++;
            }

            while (first < timestamps.Length && timestamps[first] < start)
            {
                first++;
            }

            var count = last - first + 1;
            if (count >= 2 && ExtrapolatedRate.TryCompute(
                    timestamps.AsSpan(first, count), values.AsSpan(first, count), start, t, _rangeSeconds, isCounter, isRate, out var result))
            {
                output[k] = Canonical(result);
                present++;
            }
            else
            {
                output[k] = ShapedSeries.Missing;
            }
        }

        return present;
    }

    // Every NaN a series yields becomes the ordinary NaN, so none can be mistaken for the Missing marker.
    private static double Canonical(double value) => double.IsNaN(value) ? double.NaN : value;
}
