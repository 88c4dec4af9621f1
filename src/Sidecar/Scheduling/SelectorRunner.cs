using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.Models.Scoring;
using Sidecar.Models.Serialization;
using Sidecar.Series;
using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// What one selector's runs do: a fit run reads the whole fit window and fits every series with enough history; an
/// inference run reads only the steps new since the last one, discovers new series, publishes each model's
/// prediction for the latest step and scores the latest value; a catch-up run fits new series as soon as they have
/// <c>min_history</c>. Saved models are restored at start and kept across reloads. When runs happen is the
/// <see cref="SelectorSchedule"/>'s business. One failing series never stops the others.
/// Thread-safe: runs of different kinds may overlap (series state is guarded by a lock; heavy work runs outside it),
/// but the caller must not overlap two runs of the same kind.
/// </summary>
public sealed class SelectorRunner : IDisposable
{
    /// <summary>A value older than this (or two steps, if longer) is no longer scored: Prometheus's lookback.</summary>
    public static readonly TimeSpan MinStaleness = TimeSpan.FromMinutes(5);

    private const int MaxCatchUpsPerRun = 32;

    private readonly Lock _gate = new();
    private readonly Dictionary<SeriesKey, TrackedSeries> _series = [];
    private readonly Dictionary<SeriesKey, long> _refused = [];
    private readonly ISeriesReader _reader;
    private readonly IModelFitter _fitter;
    private readonly StateStore _store;
    private readonly PredictionGauges _gauges;
    private readonly SelectorMetrics _metrics;
    private readonly SchedulerLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SeriesShaper _shaper;
    private readonly ModelOptions _modelOptions;
    private readonly long _stepMs;
    private readonly long _stalenessMs;
    private long? _lastEvalMs;
    private long? _fittedAtMs;
    private volatile bool _serving;

    /// <summary>Creates the runner of <paramref name="selector"/>; nothing runs until called.</summary>
    public SelectorRunner(
        SelectorConfig selector,
        ISeriesReader reader,
        IModelFitter fitter,
        StateStore store,
        PredictionGauges gauges,
        SelectorMetrics metrics,
        SchedulerLimits limits,
        TimeProvider time,
        ILogger logger)
    {
        Selector = selector;
        _reader = reader;
        _fitter = fitter;
        _store = store;
        _gauges = gauges;
        _metrics = metrics;
        _limits = limits;
        _time = time;
        _logger = logger;
        _shaper = new SeriesShaper(selector.Shaping);
        _stepMs = _shaper.StepMs;
        _stalenessMs = Math.Max((long)MinStaleness.TotalMilliseconds, 2 * _stepMs);
        _modelOptions = selector.Settings.Model;
        ModelsHash = SettingsHash.Models(selector);
    }

    /// <summary>The selector's configuration.</summary>
    public SelectorConfig Selector { get; }

    /// <summary>The selector's name.</summary>
    public string Name => Selector.Name;

    /// <summary>Fingerprint of the settings the models depend on.</summary>
    public string ModelsHash { get; }

    /// <summary>The selector's self-metrics.</summary>
    public SelectorMetrics Metrics => _metrics;

    /// <summary>True once models were restored or a first fit run finished: the selector counts as ready.</summary>
    public bool IsServing => _serving;

    /// <summary>When the last successful full fit run happened, or null.</summary>
    public DateTimeOffset? FittedAt
    {
        get
        {
            lock (_gate)
            {
                return _fittedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            }
        }
    }

    /// <summary>True when a warming-up series is due for a catch-up fit.</summary>
    public bool HasDueCatchUps
    {
        get
        {
            var now = NowMs();
            lock (_gate)
            {
                return _series.Values.Any(s => !s.IsModelled && s.NextCatchUpMs <= now);
            }
        }
    }

    /// <summary>The number of series with a model and warming up.</summary>
    public (int Modelled, int WarmingUp) Counts()
    {
        lock (_gate)
        {
            var modelled = _series.Values.Count(s => s.IsModelled);
            return (modelled, _series.Count - modelled);
        }
    }

    /// <summary>
    /// Restores the models saved for the current settings and publishes their predictions at once; returns false
    /// (and logs why) when there are none to restore. A corrupt or foreign file is counted and ignored.
    /// </summary>
    public bool Restore()
    {
        var result = _store.Load(Name, ModelsHash);
        if (result.Status != StateLoadStatus.Loaded)
        {
            if (result.IsFailure)
            {
                _metrics.StateLoadFailures.Inc();
                SchedulingLog.StateLoadFailed(_logger, Name, result.Path, result.Status.ToString(), result.Reason ?? "");
            }
            else
            {
                SchedulingLog.NotRestored(_logger, Name, result.Status.ToString(), result.Reason ?? "no state file");
            }

            return false;
        }

        var state = result.State!;
        var undecodable = 0;
        Exception? firstError = null;
        var now = NowMs();
        lock (_gate)
        {
            foreach (var saved in state.Series)
            {
                IFittedModel model;
                try
                {
                    model = FittedModelCodec.Decode(saved.Model);
                }
                catch (Exception e) when (e is ModelFormatException or ArgumentException)
                {
                    undecodable++;
                    firstError ??= e;
                    continue;
                }

                var key = new SeriesKey(saved.Labels, saved.Metric);
                _series[key] = new TrackedSeries(key) { Model = model, LastSeenMs = saved.LastSeenMs, NextCatchUpMs = now };
            }

            _fittedAtMs = state.FittedAtMs;
            PublishLocked(StepGrid.AlignDown(now, _stepMs));
            UpdateSeriesGaugesLocked();
        }

        if (firstError is not null)
        {
            _metrics.StateLoadFailures.Inc();
            SchedulingLog.ModelsUndecodable(_logger, Name, undecodable, firstError);
            if (undecodable == state.Series.Count)
            {
                return false;
            }
        }

        _metrics.SetLastSuccessfulFit(DateTimeOffset.FromUnixTimeMilliseconds(state.FittedAtMs));
        SchedulingLog.Restored(_logger, Name, state.Series.Count - undecodable, DateTimeOffset.FromUnixTimeMilliseconds(state.FittedAtMs), result.Path);
        _serving = true;
        return true;
    }

    /// <summary>
    /// Takes over the series, models, gauges and schedule position of <paramref name="previous"/> (a runner of the
    /// same selector whose model settings did not change), so a reload neither refits nor leaves a gap.
    /// <paramref name="previous"/> must be stopped; it is left empty.
    /// </summary>
    public void AdoptFrom(SelectorRunner previous, bool sameGaugeNames)
    {
        lock (previous._gate)
        {
            lock (_gate)
            {
                foreach (var (key, series) in previous._series)
                {
                    if (!sameGaugeNames)
                    {
                        series.Gauges?.Dispose();
                        series.Gauges = null;
                    }

                    _series[key] = series;
                }

                foreach (var (key, seen) in previous._refused)
                {
                    _refused[key] = seen;
                }

                previous._series.Clear();
                previous._refused.Clear();
                _lastEvalMs = previous._lastEvalMs;
                _fittedAtMs = previous._fittedAtMs;
                _serving = previous._serving;
                if (_fittedAtMs is { } fitted)
                {
                    _metrics.SetLastSuccessfulFit(DateTimeOffset.FromUnixTimeMilliseconds(fitted));
                }

                PublishLocked(StepGrid.AlignDown(NowMs(), _stepMs));
                UpdateSeriesGaugesLocked();
            }
        }
    }

    /// <summary>
    /// Reads the whole fit window, fits every series with <c>min_history</c>, publishes and saves the models.
    /// Returns false when the window could not be read (the current models stay in use).
    /// </summary>
    public async Task<bool> FitAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await _limits.FitSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = NowMs();
            var grid = FitGrid(now, Selector.Settings.FitWindow);
            ShapedWindow window;
            try
            {
                window = await WindowReader.ReadAsync(_reader, _shaper, Selector.Matchers, grid, _limits.FitReadSlice, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics.FitDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
                SchedulingLog.FitReadFailed(_logger, Name, e);
                return false;
            }

            var candidates = Candidates(window);
            var (models, errors) = await Task.Run(
                () => WindowFitter.Fit(window, candidates, _fitter, _modelOptions, _limits.FitParallelism, cancellationToken),
                cancellationToken).ConfigureAwait(false);

            int modelled, warming;
            lock (_gate)
            {
                ApplyWindowLocked(window, candidates, models, now);
                _fittedAtMs = now;
                PublishLocked(grid.EndMs);
                UpdateSeriesGaugesLocked();
                modelled = _series.Values.Count(s => s.IsModelled);
                warming = _series.Count - modelled;
            }

            ReportFitErrors(candidates, errors);
            Save();
            _metrics.SetLastSuccessfulFit(DateTimeOffset.FromUnixTimeMilliseconds(now));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _metrics.FitDuration.Observe(seconds);
            SchedulingLog.FitDone(_logger, Name, modelled, warming, errors.Count(e => e is not null), Math.Round(seconds, 3));
            _serving = true;
            return true;
        }
        finally
        {
            _limits.FitSlots.Release();
        }
    }

    /// <summary>
    /// Reads the steps new since the last inference, discovers and forgets series, and publishes predictions for the
    /// latest step and scores for fresh values. When the read fails, predictions are still published (a model
    /// predicts any time) and scores are withdrawn once their value is stale; returns false.
    /// </summary>
    public async Task<bool> InferAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = NowMs();
        var evalMs = StepGrid.AlignDown(now, _stepMs);
        long? lastEval;
        lock (_gate)
        {
            lastEval = _lastEvalMs;
        }

        var inferSteps = Math.Max(1, (long)Selector.Settings.InferEvery.TotalMilliseconds / _stepMs);
        var backlogSteps = Math.Max(10, 2 * inferSteps);
        var fromMs = lastEval is { } last ? last + _stepMs : evalMs - (inferSteps - 1) * _stepMs;
        fromMs = Math.Max(fromMs, evalMs - (backlogSteps - 1) * _stepMs);
        var grid = StepGrid.Between(fromMs, evalMs, _stepMs);

        ShapingResult? shaped = null;
        Exception? readError = null;
        if (grid.Count > 0)
        {
            try
            {
                var raw = await _reader.ReadAsync(
                    new RemoteRead.ReadQuery(_shaper.ReadStartMs(grid), grid.EndMs, Selector.Matchers), cancellationToken).ConfigureAwait(false);
                shaped = _shaper.Shape(raw, grid);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                readError = e;
            }
        }

        lock (_gate)
        {
            if (shaped is not null)
            {
                ObserveLocked(shaped, now);
            }

            PublishLocked(evalMs);
            if (readError is null)
            {
                ForgetUnseenLocked(now);
                _lastEvalMs = evalMs;
            }

            UpdateSeriesGaugesLocked();
        }

        _metrics.InferenceDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (readError is not null)
        {
            SchedulingLog.InferenceReadFailed(_logger, Name, _stalenessMs / 1000.0, readError);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Fits the warming-up series that are due, each from a narrowed read of its own inputs: a series that now has
    /// <c>min_history</c> is modelled at once; one that does not is tried again when it will.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var now = NowMs();
        List<SeriesKey> due;
        lock (_gate)
        {
            due = _series.Values.Where(s => !s.IsModelled && s.NextCatchUpMs <= now)
                .OrderBy(s => s.NextCatchUpMs).Take(MaxCatchUpsPerRun).Select(s => s.Key).ToList();
        }

        if (due.Count == 0)
        {
            return;
        }

        await _limits.FitSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var caughtUp = 0;
        try
        {
            var grid = FitGrid(now, Selector.Settings.FitWindow);
            foreach (var key in due)
            {
                if (await CatchUpOneAsync(key, grid, now, cancellationToken).ConfigureAwait(false))
                {
                    caughtUp++;
                }
            }
        }
        finally
        {
            _limits.FitSlots.Release();
        }

        if (caughtUp > 0)
        {
            lock (_gate)
            {
                PublishLocked(StepGrid.AlignDown(NowMs(), _stepMs));
                UpdateSeriesGaugesLocked();
            }

            Save();
            SchedulingLog.CaughtUp(_logger, Name, caughtUp);
        }
    }

    /// <summary>Withdraws every gauge of the selector's series (the selector left the configuration).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var series in _series.Values)
            {
                series.Gauges?.Dispose();
            }

            _series.Clear();
        }
    }

    private async Task<bool> CatchUpOneAsync(SeriesKey key, StepGrid grid, long now, CancellationToken cancellationToken)
    {
        ShapedWindow window;
        try
        {
            var matchers = NarrowMatchers.For(Selector.Matchers, Selector.Shaping, key);
            window = await WindowReader.ReadAsync(_reader, _shaper, matchers, grid, _limits.FitReadSlice, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SchedulingLog.CatchUpReadFailed(_logger, Name, e);
            lock (_gate)
            {
                if (_series.TryGetValue(key, out var s))
                {
                    s.NextCatchUpMs = now + RetryMs();
                }
            }

            return false;
        }

        var extent = window.Extent(key);
        var minHistoryMs = (long)Selector.Settings.MinHistory.TotalMilliseconds;
        if (extent is not { } e1 || e1.LastMs - e1.FirstMs + _stepMs < minHistoryMs)
        {
            lock (_gate)
            {
                if (_series.TryGetValue(key, out var s))
                {
                    s.FirstDataMs = extent?.FirstMs;
                    s.NextCatchUpMs = extent is { } e2 ? Math.Max(e2.FirstMs + minHistoryMs, now + _stepMs) : now + RetryMs();
                }
            }

            return false;
        }

        var (models, errors) = WindowFitter.Fit(window, [key], _fitter, _modelOptions, 1, cancellationToken);
        if (errors[0] is { } error)
        {
            _metrics.ModelErrors.Inc();
            SchedulingLog.FitErrors(_logger, Name, 1, key.ToString(), error);
            lock (_gate)
            {
                if (_series.TryGetValue(key, out var s))
                {
                    s.NextCatchUpMs = now + RetryMs();
                }
            }

            return false;
        }

        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var s) || s.IsModelled)
            {
                return false;
            }

            SetModelLocked(s, models[0]!);
            s.LastSeenMs = Math.Max(s.LastSeenMs, e1.LastMs);
        }

        return true;
    }

    private List<SeriesKey> Candidates(ShapedWindow window)
    {
        var minHistoryMs = (long)Selector.Settings.MinHistory.TotalMilliseconds;
        var candidates = new List<SeriesKey>();
        lock (_gate)
        {
            var room = Selector.Settings.MaxSeries - _series.Count;
            foreach (var key in window.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                var (first, last) = window.Extent(key)!.Value;
                if (last - first + _stepMs < minHistoryMs)
                {
                    continue;
                }

                if (_series.ContainsKey(key))
                {
                    candidates.Add(key);
                }
                else if (room > 0 && !_refused.ContainsKey(key))
                {
                    candidates.Add(key);
                    room--;
                }
            }
        }

        return candidates;
    }

    private void ApplyWindowLocked(ShapedWindow window, List<SeriesKey> candidates, IFittedModel?[] models, long now)
    {
        var minHistoryMs = (long)Selector.Settings.MinHistory.TotalMilliseconds;
        var fitted = new Dictionary<SeriesKey, IFittedModel>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (models[i] is { } model)
            {
                fitted[candidates[i]] = model;
            }
        }

        var refusedNow = 0;
        foreach (var key in window.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var (first, last) = window.Extent(key)!.Value;
            if (!_series.TryGetValue(key, out var series))
            {
                if (!Admit(key, last, ref refusedNow))
                {
                    continue;
                }

                series = _series[key];
            }

            series.LastSeenMs = Math.Max(series.LastSeenMs, last);

            if (fitted.TryGetValue(key, out var model))
            {
                SetModelLocked(series, model);
            }
            else if (!series.IsModelled)
            {
                series.FirstDataMs = first;
                series.NextCatchUpMs = Math.Max(first + minHistoryMs, now + _stepMs);
            }
        }

        ReportRefused(refusedNow);
    }

    private void ObserveLocked(ShapingResult shaped, long now)
    {
        var refusedNow = 0;
        foreach (var series in shaped.Series)
        {
            var latest = -1;
            for (var i = series.Values.Length - 1; i >= 0; i--)
            {
                if (series.IsPresent(i))
                {
                    latest = i;
                    break;
                }
            }

            if (latest < 0)
            {
                continue;
            }

            var key = new SeriesKey(series.Labels, series.MetricName);
            var timestamp = series.Grid.TimestampMs(latest);
            if (!_series.TryGetValue(key, out var tracked))
            {
                if (!Admit(key, timestamp, ref refusedNow))
                {
                    continue;
                }

                tracked = _series[key];
                tracked.NextCatchUpMs = now;
            }

            tracked.LastSeenMs = Math.Max(tracked.LastSeenMs, timestamp);
            tracked.Latest = (timestamp, series.Values[latest]);
        }

        ReportRefused(refusedNow);
    }

    private bool Admit(SeriesKey key, long seenMs, ref int refusedNow)
    {
        if (_refused.ContainsKey(key))
        {
            _refused[key] = seenMs;
            return false;
        }

        if (_series.Count >= Selector.Settings.MaxSeries)
        {
            // Remember refused series (bounded) so each is counted once, not at every cycle.
            if (_refused.Count < Math.Max(10_000, 10 * Selector.Settings.MaxSeries))
            {
                _refused[key] = seenMs;
            }

            refusedNow++;
            return false;
        }

        _series[key] = new TrackedSeries(key) { LastSeenMs = seenMs };
        return true;
    }

    private void ReportRefused(int count)
    {
        if (count > 0)
        {
            _metrics.Dropped.Inc(count);
            SchedulingLog.SeriesDropped(_logger, Name, Selector.Settings.MaxSeries, count);
        }
    }

    private void SetModelLocked(TrackedSeries series, IFittedModel model)
    {
        if (series.Gauges is not null && series.Model?.Kind != model.Kind)
        {
            series.Gauges.Dispose();
            series.Gauges = null;
        }

        series.Model = model;
        series.FirstDataMs = null;
    }

    private void PublishLocked(long evalMs)
    {
        var failed = 0;
        (SeriesKey Key, Exception Error)? first = null;
        Span<long> timestamps = stackalloc long[2];
        Span<double> predicted = stackalloc double[2];
        Span<double> lower = stackalloc double[2];
        Span<double> upper = stackalloc double[2];
        foreach (var series in _series.Values)
        {
            if (series.Model is not { } model)
            {
                continue;
            }

            try
            {
                series.Gauges ??= _gauges.Create(Name, series.Key.Metric, ModelLabel(model.Kind), series.Key.Labels);
                var fresh = series.Latest is { } latest && latest.TimestampMs >= evalMs - _stalenessMs;
                timestamps[0] = evalMs;
                timestamps[1] = fresh ? series.Latest!.Value.TimestampMs : evalMs;
                model.Predict(timestamps, predicted, lower, upper);
                series.Gauges.SetPrediction(predicted[0], lower[0], upper[0]);
                if (fresh)
                {
                    var value = series.Latest!.Value.Value;
                    series.Gauges.SetObservation(value, AnomalyScore.Compute(value, predicted[1], lower[1], upper[1], model.Options));
                }
                else
                {
                    series.Gauges.ClearObservation();
                }
            }
            catch (Exception e)
            {
                failed++;
                first ??= (series.Key, e);
                series.Gauges?.ClearObservation();
            }
        }

        if (first is { } f)
        {
            _metrics.ModelErrors.Inc(failed);
            SchedulingLog.PredictErrors(_logger, Name, failed, f.Key.ToString(), f.Error);
        }
    }

    private void ForgetUnseenLocked(long now)
    {
        var cutoff = now - (long)Selector.Settings.SeriesTtl.TotalMilliseconds;
        var gone = _series.Values.Where(s => s.LastSeenMs < cutoff).ToList();
        foreach (var series in gone)
        {
            series.Gauges?.Dispose();
            _series.Remove(series.Key);
        }

        foreach (var key in _refused.Where(r => r.Value < cutoff).Select(r => r.Key).ToList())
        {
            _refused.Remove(key);
        }

        if (gone.Count > 0)
        {
            SchedulingLog.SeriesForgotten(_logger, Name, gone.Count, Selector.Settings.SeriesTtl);
        }
    }

    private void UpdateSeriesGaugesLocked()
    {
        var modelled = _series.Values.Count(s => s.IsModelled);
        _metrics.Modelled.Set(modelled);
        _metrics.WarmingUp.Set(_series.Count - modelled);
    }

    private void ReportFitErrors(List<SeriesKey> candidates, Exception?[] errors)
    {
        var failed = 0;
        var firstIndex = -1;
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is not null)
            {
                failed++;
                firstIndex = firstIndex < 0 ? i : firstIndex;
            }
        }

        if (failed > 0)
        {
            _metrics.ModelErrors.Inc(failed);
            SchedulingLog.FitErrors(_logger, Name, failed, candidates[firstIndex].ToString(), errors[firstIndex]!);
        }
    }

    private void Save()
    {
        List<(SeriesKey Key, long LastSeenMs, IFittedModel Model)> snapshot;
        long fittedAt;
        lock (_gate)
        {
            snapshot = _series.Values.Where(s => s.IsModelled).Select(s => (s.Key, s.LastSeenMs, s.Model!)).ToList();
            fittedAt = _fittedAtMs ?? NowMs();
        }

        var saved = new List<SeriesState>(snapshot.Count);
        foreach (var (key, lastSeen, model) in snapshot)
        {
            try
            {
                saved.Add(new SeriesState(key.Labels, key.Metric, lastSeen, FittedModelCodec.Encode(model)));
            }
            catch (ArgumentException e)
            {
                _metrics.StateWriteFailures.Inc();
                SchedulingLog.StateWriteFailed(_logger, Name, e);
            }
        }

        try
        {
            _store.Save(new SelectorState(Name, ModelsHash, fittedAt, saved));
        }
        catch (StateStoreException e)
        {
            _metrics.StateWriteFailures.Inc();
            SchedulingLog.StateWriteFailed(_logger, Name, e);
        }
    }

    private StepGrid FitGrid(long now, TimeSpan window)
    {
        var endMs = StepGrid.AlignDown(now, _stepMs);
        var count = (int)Math.Max(1, (long)window.TotalMilliseconds / _stepMs);
        return new StepGrid(endMs - (count - 1) * _stepMs, _stepMs, count);
    }

    private long RetryMs() => Math.Max((long)Selector.Settings.InferEvery.TotalMilliseconds, 60_000);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The <c>model</c> label: the model family in snake_case (<c>prophet</c>, <c>seasonal_baseline</c>, <c>ewma</c>).</summary>
    public static string ModelLabel(ModelKind kind) => Logging.LogfmtConsoleFormatter.SnakeCase(kind.ToString());
}
