namespace Sidecar.Models.Evaluation;

/// <summary>
/// Rolling-origin cross-validation. Cutoffs are c_k = t_first + initial + k·period for k = 0, 1, … while
/// c_k + horizon ≤ t_last (t_first, t_last: first and last observed timestamps). Fold k trains on the observed
/// points with timestamp ≤ c_k (and, with a train window W, &gt; c_k − W) and predicts the observed points in
/// (c_k, c_k + horizon] as a forecast ahead (<see cref="IFittedModel.PredictAhead"/>: bands widened with the
/// horizon). Each fold's points carry the seasonal naive in-sample MAE of its training points, the scale
/// of MASE and MSIS. Points whose value is not finite are neither trained on nor scored. Deterministic;
/// thread-safe (no shared state).
/// </summary>
public static class CrossValidation
{
    /// <summary>The fold cutoffs (unix milliseconds) for a series spanning [<paramref name="firstMs"/>, <paramref name="lastMs"/>].</summary>
    public static IReadOnlyList<long> Cutoffs(long firstMs, long lastMs, CrossValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long initial = CausalReplay.ToMs(options.Initial);
        long horizon = CausalReplay.ToMs(options.Horizon);
        long period = CausalReplay.ToMs(options.EffectivePeriod);
        var cutoffs = new List<long>();
        for (long c = firstMs + initial; c + horizon <= lastMs; c += period)
        {
            cutoffs.Add(c);
        }

        return cutoffs;
    }

    /// <summary>
    /// Runs every fold. <paramref name="anomalous"/> is empty or one flag per row; flagged rows are still trained on
    /// (as the sidecar would) but excluded from the metrics.
    /// </summary>
    /// <remarks>Rows out of time order are sorted by time first (ties in row order).</remarks>
    /// <exception cref="ArgumentException">Lengths differ or options are out of range.</exception>
    public static CrossValidationResult Run(
        ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ReadOnlySpan<bool> anomalous,
        CrossValidationOptions options, ModelOptions model, ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fit);
        if (timestampsMs.Length != values.Length || (anomalous.Length != 0 && anomalous.Length != values.Length))
        {
            throw new ArgumentException("timestamps, values and anomaly flags must have the same length.");
        }

        if (TimeOrder.Permutation(timestampsMs) is { } order)
        {
            return Run(TimeOrder.Gather(timestampsMs, order), TimeOrder.Gather(values, order),
                anomalous.Length == 0 ? [] : TimeOrder.Gather(anomalous, order), options, model, fit);
        }

        var ts = new List<long>(values.Length);
        var vs = new List<double>(values.Length);
        var normal = new List<bool>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                ts.Add(timestampsMs[i]);
                vs.Add(values[i]);
                normal.Add(anomalous.Length == 0 || !anomalous[i]);
            }
        }

        long[] obsTs = [.. ts];
        double[] obsVs = [.. vs];
        IReadOnlyList<long> cutoffs = obsTs.Length == 0 ? [] : Cutoffs(obsTs[0], obsTs[^1], options);
        long horizon = CausalReplay.ToMs(options.Horizon);
        long? window = options.TrainWindow is { } w ? CausalReplay.ToMs(w) : null;

        var outCutoff = new List<long>();
        var outTs = new List<long>();
        var outY = new List<double>();
        var outP = new List<double>();
        var outL = new List<double>();
        var outU = new List<double>();
        var outNormal = new List<bool>();
        var outScale = new List<double>();
        long season = CausalReplay.ToMs(options.Season);
        var folds = new List<long>(cutoffs.Count);
        foreach (long c in cutoffs)
        {
            // Train on t <= c (and t > c - W); score c < t <= c + horizon.
            int trainEnd = CausalReplay.LowerBound(obsTs, c + 1);
            int trainStart = window is { } wm ? CausalReplay.LowerBound(obsTs, c - wm + 1) : 0;
            int testEnd = CausalReplay.LowerBound(obsTs, c + horizon + 1);
            if (trainEnd <= trainStart || testEnd <= trainEnd)
            {
                continue;
            }

            folds.Add(c);
            IFittedModel fitted = fit(obsTs.AsSpan(trainStart, trainEnd - trainStart), obsVs.AsSpan(trainStart, trainEnd - trainStart), model);
            int m = testEnd - trainEnd;
            var p = new double[m];
            var l = new double[m];
            var u = new double[m];
            fitted.PredictAhead(obsTs.AsSpan(trainEnd, m), p, l, u);
            double scale = ForecastMetrics.SeasonalNaiveMae(obsTs.AsSpan(trainStart, trainEnd - trainStart), obsVs.AsSpan(trainStart, trainEnd - trainStart), season);
            for (int k = 0; k < m; k++)
            {
                outCutoff.Add(c);
                outTs.Add(obsTs[trainEnd + k]);
                outY.Add(obsVs[trainEnd + k]);
                outP.Add(p[k]);
                outL.Add(l[k]);
                outU.Add(u[k]);
                outNormal.Add(normal[trainEnd + k]);
                outScale.Add(scale);
            }
        }

        return new CrossValidationResult(folds, options.Horizon, [.. outCutoff], [.. outTs], [.. outY], [.. outP], [.. outL], [.. outU], [.. outNormal], [.. outScale], model.IntervalWidth);
    }
}
