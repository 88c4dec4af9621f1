using Sidecar.Models.Scoring;

namespace Sidecar.Models.Evaluation;

/// <summary>
/// Replays a series exactly as the running sidecar would score it, one row at a time, never looking ahead.
/// </summary>
/// <remarks>
/// <para>Rows with a finite value are <em>observed</em>; rows whose value is NaN are <em>forecast</em> rows (or
/// gaps): they get predictions and bands from the latest model, score 0, are never used for fitting and never
/// trigger a fit. Infinite values are scored (score +∞) but, like NaN, never fitted on.</para>
/// <para>Schedule: the first fit happens at the first observed row whose timestamp is at least
/// <see cref="ReplayOptions.MinHistory"/> after the first observed row; after that, at the first observed row at
/// least <see cref="ReplayOptions.FitEvery"/> after the previous fit. A fit at row timestamp T sees the observed
/// points with timestamps in [T − <see cref="ReplayOptions.FitWindow"/>, T): strictly earlier, so a model never
/// sees the point it scores nor anything after it. The new model then scores the rows from the one that triggered
/// it up to the next fit. A fit that throws is counted and the previous model stays in use.</para>
/// <para>Deterministic for a deterministic <see cref="ModelFit"/>. Thread-safe (no shared state).</para>
/// </remarks>
public static class CausalReplay
{
    /// <summary>
    /// Replays <paramref name="values"/> at <paramref name="timestampsMs"/> (unix milliseconds). Rows out of time
    /// order are replayed in time order (ties in row order), as Prometheus would have stored them; the result is
    /// still one entry per input row, in input order.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or options are out of range.</exception>
    public static ReplayResult Run(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ReplayOptions options, ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fit);
        options.Validate();
        if (timestampsMs.Length != values.Length)
        {
            throw new ArgumentException($"{timestampsMs.Length} timestamps but {values.Length} values.");
        }

        if (TimeOrder.Permutation(timestampsMs) is { } order)
        {
            ReplayResult sorted = Run(TimeOrder.Gather(timestampsMs, order), TimeOrder.Gather(values, order), options, fit);
            return new ReplayResult(
                TimeOrder.Scatter(sorted.PredictedArray, order), TimeOrder.Scatter(sorted.LowerArray, order),
                TimeOrder.Scatter(sorted.UpperArray, order), TimeOrder.Scatter(sorted.ScoreArray, order),
                sorted.FitCount, sorted.FitFailures, sorted.FirstFailure);
        }

        int n = timestampsMs.Length;
        var (obsTs, obsValues) = Observed(timestampsMs, values);
        var predicted = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        var score = new double[n];
        Array.Fill(predicted, double.NaN);
        Array.Fill(lower, double.NaN);
        Array.Fill(upper, double.NaN);

        long fitEveryMs = ToMs(options.FitEvery);
        long fitWindowMs = ToMs(options.FitWindow);
        long minHistoryMs = ToMs(options.MinHistory);
        long firstObserved = obsTs.Length > 0 ? obsTs[0] : 0;

        IFittedModel? model = null;
        bool attempted = false;
        long lastFitAt = 0;
        int runStart = 0;
        int fitCount = 0;
        int failures = 0;
        string? firstFailure = null;

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                continue;
            }

            long t = timestampsMs[i];
            bool due = attempted ? t - lastFitAt >= fitEveryMs : t - firstObserved >= minHistoryMs;
            if (!due)
            {
                continue;
            }

            attempted = true;
            lastFitAt = t;
            int hi = LowerBound(obsTs, t);
            int lo = LowerBound(obsTs, t - fitWindowMs);
            if (hi <= lo)
            {
                continue;
            }

            IFittedModel next;
            try
            {
                next = fit(obsTs.AsSpan(lo, hi - lo), obsValues.AsSpan(lo, hi - lo), options.Model);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures++;
                firstFailure ??= $"fit at {t} ms on {hi - lo} points: {e.GetType().Name}: {e.Message}";
                continue;
            }

            fitCount++;
            PredictRun(model, timestampsMs, values, runStart, i, predicted, lower, upper, score);
            model = next;
            runStart = i;
        }

        PredictRun(model, timestampsMs, values, runStart, n, predicted, lower, upper, score);
        return new ReplayResult(predicted, lower, upper, score, fitCount, failures, firstFailure);
    }

    private static void PredictRun(
        IFittedModel? model, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, int start, int end,
        double[] predicted, double[] lower, double[] upper, double[] score)
    {
        if (model is null || end <= start)
        {
            return;
        }

        int len = end - start;
        model.Predict(timestampsMs.Slice(start, len), predicted.AsSpan(start, len), lower.AsSpan(start, len), upper.AsSpan(start, len));
        var window = SustainedWindow(model, timestampsMs, values, start, end, predicted, lower, upper);
        for (int i = start; i < end; i++)
        {
            score[i] = AnomalyScore.Compute(values[i], predicted[i], lower[i], upper[i], model.Options);
            if (window is not null && !double.IsNaN(values[i]))
            {
                score[i] = Math.Max(score[i], window.Score(i));
            }

            lower[i] = IFittedModel.ShownLower(model, predicted[i], lower[i]);
        }
    }

    /// <summary>
    /// The signed point scores that <paramref name="model"/> gives the observed rows from <paramref name="start"/>
    /// back one sustained window, and on to <paramref name="end"/>, as the running sidecar scores its recent points with
    /// the model in use: null when the model has no sustained limits.
    /// </summary>
    private static SustainedRows? SustainedWindow(
        IFittedModel model, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, int start, int end,
        double[] predicted, double[] lower, double[] upper)
    {
        var windowMs = AnomalyScore.SustainedWindowMs(model.Options);
        var limits = model.SustainedLimits;
        if (windowMs <= 0 || (!double.IsFinite(limits.Low) && !double.IsFinite(limits.High)))
        {
            return null;
        }

        var look = AnomalyScore.SustainedWindowStart(timestampsMs, start, windowMs);

        var back = start - look;
        var bp = new double[back];
        var bl = new double[back];
        var bu = new double[back];
        model.Predict(timestampsMs.Slice(look, back), bp, bl, bu);
        var rows = new List<(int Row, long T, double S)>(end - look);
        for (var i = look; i < end; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            var (p, l, u) = i < start ? (bp[i - look], bl[i - look], bu[i - look]) : (predicted[i], lower[i], upper[i]);
            rows.Add((i, timestampsMs[i], AnomalyScore.Signed(values[i], p, l, u, model.Options)));
        }

        return new SustainedRows([.. rows], windowMs, limits);
    }

    /// <summary>The observed rows of one model's run (with its look-back), scored over a sliding window.</summary>
    private sealed class SustainedRows((int Row, long T, double S)[] rows, long windowMs, (double Low, double High) limits)
    {
        private readonly double[] _signed = [.. rows.Select(r => r.S)];
        private int _next;
        private int _from;

        /// <summary>The sustained score of observed row <paramref name="row"/>; rows are asked in increasing order.</summary>
        public double Score(int row)
        {
            while (_next < rows.Length && rows[_next].Row < row)
            {
                _next++;
            }

            if (_next >= rows.Length || rows[_next].Row != row)
            {
                return 0;
            }

            var t = rows[_next].T;
            while (rows[_from].T <= t - windowMs)
            {
                _from++;
            }

            return AnomalyScore.Sustained(_signed.AsSpan(_from, _next - _from + 1), limits);
        }
    }

    private static (long[] Timestamps, double[] Values) Observed(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values)
    {
        int count = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                count++;
            }
        }

        var ts = new long[count];
        var vs = new double[count];
        int k = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                ts[k] = timestampsMs[i];
                vs[k] = values[i];
                k++;
            }
        }

        return (ts, vs);
    }

    /// <summary>Index of the first element ≥ <paramref name="value"/> (the length when none is).</summary>
    internal static int LowerBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0;
        int hi = sorted.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal static long ToMs(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMillisecond;
}
