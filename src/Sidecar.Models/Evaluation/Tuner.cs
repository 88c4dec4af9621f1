namespace Sidecar.Models.Evaluation;

/// <summary>
/// Grid search: every combination of a <see cref="TuningGrid"/> is cross-validated on one series and the one with
/// the lowest <see cref="ForecastMetrics.Loss"/> for the chosen metric wins (earliest in grid order on ties;
/// coverage is judged by its distance from each candidate's own interval width). Combinations run in parallel,
/// at most <c>maxParallelism</c> at once; the result does not depend on that number. A combination whose fit
/// throws is kept with its error and never chosen.
/// </summary>
public static class Tuner
{
    /// <summary>Tunes one series; <paramref name="anomalous"/> is empty or one flag per row (flagged rows are not scored).</summary>
    public static TuningResult Run(
        ReadOnlyMemory<long> timestampsMs, ReadOnlyMemory<double> values, ReadOnlyMemory<bool> anomalous,
        TuningGrid grid, ModelOptions baseOptions, CrossValidationOptions cv, MetricKind metric, ModelFit fit,
        int maxParallelism)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(cv);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        cv.Validate();

        var combos = grid.Expand(baseOptions);
        var candidates = new TuningCandidate[combos.Count];
        Parallel.For(0, combos.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i =>
        {
            var (options, settings) = combos[i];
            try
            {
                var result = CrossValidation.Run(timestampsMs.Span, values.Span, anomalous.Span, cv, options, fit);
                candidates[i] = new TuningCandidate(settings, options, result.Metrics(), null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                candidates[i] = new TuningCandidate(settings, options, ForecastMetrics.Empty, $"{e.GetType().Name}: {e.Message}");
            }
        });

        int best = -1;
        double bestLoss = double.PositiveInfinity;
        for (int i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].Error is not null || candidates[i].Metrics.Count == 0)
            {
                continue;
            }

            double loss = candidates[i].Metrics.Loss(metric, candidates[i].Options.IntervalWidth);
            if (best < 0 || loss < bestLoss)
            {
                best = i;
                bestLoss = loss;
            }
        }

        return new TuningResult(candidates, metric, best);
    }
}
