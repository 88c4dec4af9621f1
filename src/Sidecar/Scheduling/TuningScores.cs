using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// How every grid combination cross-validates on one series of a fit window: the loss of each (the metric, +∞ for
/// one that failed), the best, the runner-up, and optionally the loss of the selector's own settings. Points in the
/// series' exclusions are trained around and not scored. Immutable.
/// </summary>
/// <param name="Losses">Loss per combination, in grid order.</param>
/// <param name="Winner">Index of the lowest loss (earliest on ties), −1 when every combination failed.</param>
/// <param name="RunnerUp">The lowest loss of the other combinations (+∞ when there is none).</param>
/// <param name="Own">Loss of the selector's own settings when asked for, else +∞.</param>
/// <param name="FirstError">Why the first failed combination failed, or null.</param>
internal sealed record TuningScores(double[] Losses, int Winner, double RunnerUp, double Own, string? FirstError)
{
    /// <summary>
    /// Scores <paramref name="key"/>'s values in <paramref name="window"/> (<paramref name="buffer"/>: one slot per
    /// step) under <paramref name="own"/> (the selector's settings with the series' exclusions), on one thread.
    /// </summary>
    public static TuningScores Run(
        ShapedWindow window, SeriesKey key, double[] buffer, ModelOptions own, TuningGrid grid, CrossValidationOptions cv, MetricKind metric,
        ModelFit fit, bool scoreOwn)
    {
        window.CopyValues(key, buffer);
        var ts = new List<long>(buffer.Length);
        var vs = new List<double>(buffer.Length);
        var excluded = new List<bool>(buffer.Length);
        for (var i = 0; i < buffer.Length; i++)
        {
            if (double.IsFinite(buffer[i]))
            {
                var t = window.Grid.TimestampMs(i);
                ts.Add(t);
                vs.Add(buffer[i]);
                excluded.Add(own.Exclude.Any(r => t >= r.StartMs && t < r.EndMs));
            }
        }

        var timestamps = ts.ToArray();
        var values = vs.ToArray();
        var flags = excluded.ToArray();
        var result = Tuner.Run(timestamps, values, flags, grid, own, cv, metric, fit, 1);
        var losses = result.Candidates
            .Select(c => c.Error is null && c.Metrics.Count > 0 ? c.Metrics.Loss(metric, c.Options.IntervalWidth) : double.PositiveInfinity)
            .ToArray();
        var winner = result.BestIndex;
        var runnerUp = losses.Where((_, i) => i != winner).DefaultIfEmpty(double.PositiveInfinity).Min();
        var ownLoss = double.PositiveInfinity;
        if (scoreOwn && winner >= 0)
        {
            try
            {
                ownLoss = CrossValidation.Run(timestamps, values, flags, cv, own, fit).Metrics() is { Count: > 0 } m
                    ? m.Loss(metric, own.IntervalWidth)
                    : double.PositiveInfinity;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing own setting loses to any combination that works.
            }
        }

        return new TuningScores(losses, winner, runnerUp, ownLoss, result.Candidates.FirstOrDefault(c => c.Error is not null)?.Error);
    }
}
