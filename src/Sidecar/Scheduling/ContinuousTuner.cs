using System.Diagnostics;
using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Series;
using Sidecar.State;
using Sidecar.Text;

namespace Sidecar.Scheduling;

/// <summary>
/// Continuous tuning of one selector (<c>tuning:</c> with a positive <c>tune_every</c>): after a fit run, on the window
/// that run read, each modelled series whose last tuning is older than <c>tune_every</c> (never tuned first, then the
/// oldest) has every grid combination cross-validated, on one thread. A series switches to the best combination only
/// when its error is at least <c>min_improvement</c> (relative) below the error of what it uses (the selector's own
/// settings until a first switch), and only outside an alert episode (score above 1 now or within
/// <c>alert_hold</c>): a held series is tried again next cycle. A switched series is refitted at once with the
/// winner; later fits use it. A cycle stops when <c>cycle_budget</c> is spent (after at least one series) or when a fit
/// is due or running, and the next cycle resumes with the series left. Thread-safe as its <see cref="SeriesTable"/>;
/// the caller does not overlap two cycles.
/// </summary>
internal sealed class ContinuousTuner
{
    private readonly SelectorConfig _selector;
    private readonly TuningConfig _config;
    private readonly TuningGrid _grid;
    private readonly IReadOnlyList<(ModelOptions Options, IReadOnlyList<KeyValuePair<string, string>> Settings)> _combos;
    private readonly CrossValidationOptions _cv;
    private readonly SeriesTable _table;
    private readonly IModelFitter _fitter;
    private readonly Func<SeriesKey, (IReadOnlyList<TimeRange> Exclude, IReadOnlyList<TimeRange> Expected)> _exclusions;
    private readonly TuningMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _metricName;
    private readonly int _ownIndex;

    public ContinuousTuner(
        SelectorConfig selector, SeriesTable table, IModelFitter fitter,
        Func<SeriesKey, (IReadOnlyList<TimeRange> Exclude, IReadOnlyList<TimeRange> Expected)> exclusions, TuningMetrics metrics, ILogger logger)
    {
        _selector = selector;
        _config = selector.Settings.Tuning ?? throw new ArgumentException("the selector has no tuning", nameof(selector));
        _grid = new TuningGrid(_config.Grid);
        _combos = _grid.Expand(selector.Settings.Model);

        // The selector's own settings are often one of the combinations (its value is in the grid): then they need no cross-validation of their own.
        _ownIndex = Enumerable.Range(0, _combos.Count).FirstOrDefault(i => _combos[i].Options.Equals(selector.Settings.Model), -1);
        var cv = selector.Settings.CrossValidation;
        _cv = new CrossValidationOptions { Initial = cv.Initial, Horizon = cv.Horizon, Period = cv.Period, TrainWindow = selector.Settings.FitWindow };
        _table = table;
        _fitter = fitter;
        _exclusions = exclusions;
        _metrics = metrics;
        _logger = logger;
        _metricName = SnakeCase.From(_config.Metric.ToString());
    }

    /// <summary>How one cycle went.</summary>
    public readonly record struct Cycle(int Tuned, int Switched, string Outcome);

    /// <summary>
    /// Gives restored or adopted choices their options under <paramref name="tuner"/>'s grid; a choice whose combination
    /// the grid no longer has (or every choice, without a tuner) is dropped, and the series falls back to the selector's settings at the next fit.
    /// </summary>
    public static void Resolve(SeriesTable table, ContinuousTuner? tuner) => table.Select<object>(series =>
    {
        if (series.Tuning is not { } choice)
        {
            return null;
        }

        if (tuner is null || (choice.Settings.Count > 0 && tuner.IndexOf(choice.Settings) < 0))
        {
            series.Tuning = null;
            series.TunedOptions = null;
            series.TuningGauges?.Dispose();
            series.TuningGauges = null;
            series.ShownTuning = null;
            return null;
        }

        series.TunedOptions = choice.Settings.Count == 0 ? null : tuner._combos[tuner.IndexOf(choice.Settings)].Options;
        return null;
    });

    /// <summary>The options of each series that uses a tuned combination, with an id naming it, for a fit run.</summary>
    public Func<SeriesKey, (ModelOptions Options, string Id)?> OptionsForFit()
    {
        var map = _table.Select(s => s.TunedOptions is { } options && s.Tuning is { } choice ? new TunedFit(s.Key, options, Describe(choice.Settings)) : null)
            .ToDictionary(t => t.Key);
        return key => map.TryGetValue(key, out var t) ? (t.Options, t.Id) : null;
    }

    /// <summary>
    /// Runs one cycle over <paramref name="window"/> at <paramref name="nowMs"/>; <paramref name="fitIsDue"/> is asked
    /// before each series.
    /// </summary>
    public Cycle Run(ShapedWindow window, long nowMs, Func<bool> fitIsDue, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var everyMs = (long)_config.TuneEvery.TotalMilliseconds;
        var due = _table.Select(s => s.IsModelled && window.Contains(s.Key) && (s.Tuning is null || nowMs - s.Tuning.TunedAtMs >= everyMs)
                ? new DueSeries(s.Key, s.Tuning?.TunedAtMs ?? long.MinValue)
                : null)
            .OrderBy(d => d.TunedAtMs).ThenBy(d => d.Key.ToString(), StringComparer.Ordinal).ToList();
        var tuned = 0;
        var switched = 0;
        var held = 0;
        var outcome = "completed";
        var buffer = new double[window.Grid.Count];
        foreach (var (key, _) in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (fitIsDue())
            {
                outcome = "fit_due";
                break;
            }

            if (tuned > 0 && Stopwatch.GetElapsedTime(started) >= _config.CycleBudget)
            {
                outcome = "budget";
                break;
            }

            var decision = TuneOne(window, key, nowMs, buffer, fitIsDue, cancellationToken);
            if (decision is null)
            {
                outcome = "fit_due";
                break;
            }

            _metrics.Series(decision);
            tuned++;
            switched += decision == "switched" ? 1 : 0;
            held += decision == "held" ? 1 : 0;
        }

        // A held series stays due: it is tried again next cycle.
        var left = due.Count - tuned + held;
        _metrics.Cycle(outcome);
        _metrics.Due.Set(left);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _metrics.CycleDuration.Observe(seconds);
        TuningLog.CycleDone(_logger, _selector.Name, tuned, switched, left, outcome, Math.Round(seconds, 3));
        return new Cycle(tuned, switched, outcome);
    }

    private int IndexOf(IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        for (var i = 0; i < _combos.Count; i++)
        {
            if (_combos[i].Settings.SequenceEqual(settings))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Tunes one series; null when a fit became due before a switch could be applied (the series stays due).</summary>
    private string? TuneOne(ShapedWindow window, SeriesKey key, long nowMs, double[] buffer, Func<bool> fitIsDue, CancellationToken cancellationToken)
    {
        TuningChoice? current = null;
        if (!_table.Update(key, s => current = s.Tuning))
        {
            return "failed";
        }

        var (exclude, expected) = _exclusions(key);
        var baseline = _selector.Settings.Model;
        if (exclude.Count > 0 || expected.Count > 0)
        {
            baseline = baseline with { Exclude = [.. baseline.Exclude, .. exclude], Expected = [.. baseline.Expected, .. expected] };
        }

        ModelFit fit = (t, v, o) => _fitter.Prepare(t.ToArray(), o)(v);
        var inUseIndex = current is { Settings.Count: > 0 } ? IndexOf(current.Settings) : _ownIndex;
        var scores = TuningScores.Run(window, key, buffer, baseline, _grid, _cv, _config.Metric, fit, scoreOwn: inUseIndex < 0);
        var (losses, winner, runnerUp) = (scores.Losses, scores.Winner, scores.RunnerUp);
        if (winner < 0)
        {
            _table.Update(key, s => s.Tuning = (s.Tuning ?? new TuningChoice([], _metricName, nowMs, double.NaN, double.NaN, double.NaN)) with
            {
                TunedAtMs = nowMs, InUseError = double.NaN, WinnerError = double.NaN, RunnerUpError = double.NaN,
            });
            TuningLog.AllFailed(_logger, _selector.Name, key.ToString(), scores.FirstError ?? "no point to score");
            return "failed";
        }

        var inUse = inUseIndex >= 0 ? losses[inUseIndex] : scores.Own;
        var winnerLoss = losses[winner];
        var clear = inUseIndex != winner && winnerLoss < inUse && (double.IsPositiveInfinity(inUse) || winnerLoss <= inUse * (1 - _config.MinImprovement));
        var keptSettings = inUseIndex >= 0 ? _combos[inUseIndex].Settings : [];
        if (!clear)
        {
            var kept = new TuningChoice(keptSettings, _metricName, nowMs, Finite(inUse), Finite(winnerLoss), Finite(runnerUp));
            var keptOptions = inUseIndex >= 0 ? _combos[inUseIndex].Options : null;
            _table.Update(key, s =>
            {
                s.Tuning = kept;
                s.TunedOptions = keptOptions;
            });
            return "kept";
        }

        var holdFromMs = nowMs - (long)_config.AlertHold.TotalMilliseconds;
        var inEpisode = false;
        _table.Update(key, s => inEpisode = s.LatestScore > 1 || s.LastAnomalousMs >= holdFromMs);
        if (inEpisode)
        {
            TuningLog.Held(_logger, _selector.Name, key.ToString(), Describe(_combos[winner].Settings), Math.Round(winnerLoss, 6), Math.Round(inUse, 6));
            return "held";
        }

        var options = _combos[winner].Options;
        var (models, errors) = WindowFitter.FitAsync(window, [key], _fitter, options, _exclusions, 1, cancellationToken).GetAwaiter().GetResult();
        if (models[0] is not { } model)
        {
            TuningLog.RefitFailed(_logger, _selector.Name, key.ToString(), Describe(_combos[winner].Settings), errors[0]);
            return "failed";
        }

        // A fit that started meanwhile took the options in use before this switch; its model would replace this one.
        if (fitIsDue())
        {
            return null;
        }

        var choice = new TuningChoice(_combos[winner].Settings, _metricName, nowMs, Finite(winnerLoss), Finite(winnerLoss), Finite(runnerUp));
        var applied = _table.Update(key, s =>
        {
            if (s.IsModelled)
            {
                s.Model = model;
                s.Tuning = choice;
                s.TunedOptions = options;
            }
        });
        if (!applied)
        {
            return "failed";
        }

        TuningLog.Switched(_logger, _selector.Name, key.ToString(), Describe(keptSettings), Describe(choice.Settings), _metricName, Math.Round(inUse, 6), Math.Round(winnerLoss, 6));
        return "switched";
    }

    private static double Finite(double loss) => double.IsFinite(loss) ? loss : double.NaN;

    private static string Describe(IReadOnlyList<KeyValuePair<string, string>> settings) =>
        settings.Count == 0 ? "the selector's own settings" : string.Join(' ', settings.Select(s => s.Key + "=" + s.Value));

    private sealed record DueSeries(SeriesKey Key, long TunedAtMs);

    private sealed record TunedFit(SeriesKey Key, ModelOptions Options, string Id);
}
