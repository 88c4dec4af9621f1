using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.Models.Scoring;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// What one selector's runs do: a fit run reads the whole fit window and fits every series with enough history; an
/// inference run reads only the steps new since the last one, discovers and forgets series, publishes each model's
/// prediction for the latest step and scores the latest value; a catch-up run fits new series as soon as they have
/// <c>min_history</c>. Every fit leaves out the windows of the <see cref="ExclusionBook"/> that match each series, as
/// they are when the fit starts. Saved models are restored at start and kept across reloads. When runs happen is the
/// <see cref="SelectorSchedule"/>'s business. One failing series never stops the others.
/// Thread-safe: runs of different kinds may overlap (the series live in a locked <see cref="SeriesTable"/>; reads
/// and fits run outside the lock), but the caller must not overlap two runs of the same kind.
/// </summary>
public sealed class SelectorRunner : IDisposable
{
    /// <summary>A value older than this (or two steps, if longer) is no longer scored: Prometheus's lookback.</summary>
    public static readonly TimeSpan MinStaleness = TimeSpan.FromMinutes(5);

    /// <summary>How far in the future a restored fit time may lie (clock skew between the writer and now).</summary>
    public static readonly TimeSpan MaxRestoredSkew = TimeSpan.FromMinutes(5);

    private readonly SeriesTable _table;
    private readonly ISeriesReader _reader;
    private readonly IModelFitter _fitter;
    private readonly SelectorStateKeeper _state;
    private readonly SelectorReport _report;
    private readonly CatchUpRun _catchUp;
    private readonly SelectorMetrics _metrics;
    private readonly SchedulerLimits _limits;
    private readonly Func<SeriesKey, (IReadOnlyList<TimeRange> Exclude, IReadOnlyList<TimeRange> Expected)> _exclusions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SeriesShaper _shaper;
    private readonly SeriesShard _shard;
    private readonly long _stepMs;
    private readonly long _stalenessMs;
    private readonly ContinuousTuner? _tuner;
    private readonly Lock _gate = new();
    private ShapedWindow? _tuningWindow;
    private volatile bool _fitting;
    private long? _lastEvalMs;
    private long? _fittedAtMs;
    private long? _publishedMs;
    private volatile bool _serving;
    private volatile bool _scored;

    /// <summary>
    /// Creates the runner of <paramref name="selector"/>, modelling only the series <paramref name="shard"/> owns (all
    /// when null), writing each step's outputs also to <paramref name="output"/> (remote write) when given; nothing runs
    /// until called.
    /// </summary>
    public SelectorRunner(
        SelectorConfig selector,
        ISeriesReader reader,
        IModelFitter fitter,
        StateStore store,
        PredictionGauges gauges,
        SelectorMetrics metrics,
        SchedulerLimits limits,
        ExclusionBook exclusions,
        TimeProvider time,
        ILogger logger,
        SeriesShard? shard = null,
        RemoteWriteOutput? output = null)
    {
        Selector = selector;
        _exclusions = key => (exclusions.For(selector.Name, key), exclusions.ExpectedFor(selector.Name, key));
        _reader = reader;
        _fitter = fitter;
        _metrics = metrics;
        _limits = limits;
        _time = time;
        _logger = logger;
        _shard = shard ?? SeriesShard.None;
        _shaper = new SeriesShaper(selector.Shaping, _shard);
        _stepMs = _shaper.StepMs;
        _stalenessMs = Math.Max((long)MinStaleness.TotalMilliseconds, 2 * _stepMs);
        _table = new SeriesTable(
            new SeriesPublisher(selector.Name, gauges, _stalenessMs, output), selector.Settings.MaxSeries, _stepMs, (long)selector.Settings.MinHistory.TotalMilliseconds,
            AnomalyScore.SustainedWindowMs(selector.Settings.Model));
        ModelsHash = SettingsHash.Models(selector);
        _state = new SelectorStateKeeper(store, selector.Name, SettingsHash.Accepted(selector));
        _report = new SelectorReport(selector.Name, metrics, logger, selector.Settings.MaxSeries);
        _catchUp = new CatchUpRun(selector, reader, _shaper, fitter, limits, _exclusions, _table, _report, logger);
        _tuner = selector.Settings.Tuning is { IsContinuous: true }
            ? new ContinuousTuner(selector, _table, fitter, _exclusions, metrics.Tuning, logger)
            : null;
    }

    /// <summary>True when the selector tunes continuously: a tuning cycle follows each fit run (<see cref="TuneAsync"/>).</summary>
    public bool TunesContinuously => _tuner is not null;

    /// <summary>The selector's configuration.</summary>
    public SelectorConfig Selector { get; }

    /// <summary>The selector's name.</summary>
    public string Name => Selector.Name;

    /// <summary>Fingerprint of the settings the models depend on.</summary>
    public string ModelsHash { get; }

    /// <summary>The selector's self-metrics.</summary>
    public SelectorMetrics Metrics => _metrics;

    /// <summary>True once models were restored or a first fit run finished: predictions are served.</summary>
    public bool IsServing => _serving;

    /// <summary>
    /// True once serving and scored: after a fit (which scores the latest point), or after restored models had their
    /// first inference (finished, read or not, so that a Prometheus outage does not hold readiness back).
    /// </summary>
    public bool IsReady => _serving && _scored;

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

    /// <summary>
    /// The published series with their current models, the step, and the latest step published on <c>/metrics</c>:
    /// what the remote-read forecast answers from.
    /// </summary>
    public SelectorForecast Forecast()
    {
        long? published;
        lock (_gate)
        {
            published = _publishedMs;
        }

        return new SelectorForecast(Name, _stepMs, published, _table.Published());
    }

    /// <summary>True when a warming-up series is due for a catch-up fit.</summary>
    public bool HasDueCatchUps => _table.DueCatchUps(NowMs(), 1).Count > 0;

    /// <summary>The number of series with a model and warming up.</summary>
    public (int Modelled, int WarmingUp) Counts() => _table.Counts();

    /// <summary>
    /// Restores the models saved for the current settings and publishes their predictions at once; returns false
    /// (and logs why) when there are none to restore. A corrupt or foreign file is counted and ignored.
    /// </summary>
    public bool Restore()
    {
        var restored = _state.Restore();
        if (!_report.Restored(restored))
        {
            return false;
        }

        var now = NowMs();
        if (!IsTrustedFitTime(restored.FittedAtMs, now))
        {
            // A clock that was wrong when the file was written would put the next fit months away, or out of range.
            _metrics.StateLoadFailures.Inc();
            SchedulingLog.RestoredFitUntrusted(_logger, Name, restored.FittedAtMs, restored.Load.Path);
            return false;
        }

        // A file written under another --shard.count or index may hold series this replica no longer owns.
        var owned = restored.Models.Where(m => _shard.Owns(m.Key.Labels, m.Key.Metric)).ToList();
        _table.Restore(owned, now);
        ContinuousTuner.Resolve(_table, _tuner);
        lock (_gate)
        {
            _fittedAtMs = restored.FittedAtMs;
        }

        Publish(StepGrid.AlignDown(now, _stepMs));
        var fittedAt = DateTimeOffset.FromUnixTimeMilliseconds(restored.FittedAtMs);
        _metrics.SetLastSuccessfulFit(fittedAt);
        SchedulingLog.Restored(_logger, Name, owned.Count, fittedAt, restored.Load.Path);
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
        _table.AdoptFrom(previous._table, sameGaugeNames);
        ContinuousTuner.Resolve(_table, _tuner);
        lock (previous._gate)
        {
            lock (_gate)
            {
                _lastEvalMs = previous._lastEvalMs;
                _fittedAtMs = previous._fittedAtMs;
                _publishedMs = previous._publishedMs;
            }
        }

        _serving = previous._serving;
        _scored = previous._scored;
        if (FittedAt is { } fitted)
        {
            _metrics.SetLastSuccessfulFit(fitted);
        }

        Publish(StepGrid.AlignDown(NowMs(), _stepMs));
    }

    /// <summary>
    /// Reads the whole fit window, fits every series with <c>min_history</c>, publishes and saves the models.
    /// Returns false when the window could not be read (the current models stay in use).
    /// </summary>
    public async Task<bool> FitAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        _fitting = true;
        try
        {
            return await FitHoldingSlotAsync(started, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fitting = false;
        }
    }

    /// <summary>
    /// Runs one tuning cycle on the window of the last fit run (none when this selector does not tune continuously, or
    /// a cycle already took that window); saves and publishes what changed. Returns false when there was nothing to tune on.
    /// </summary>
    public async Task<bool> TuneAsync(CancellationToken cancellationToken)
    {
        if (_tuner is null || Interlocked.Exchange(ref _tuningWindow, null) is not { } window)
        {
            return false;
        }

        var now = NowMs();
        ContinuousTuner.Cycle cycle;
        using (window)
        {
            cycle = await Task.Run(() => _tuner.Run(window, now, FitIsDue, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (cycle.Tuned > 0)
        {
            Publish(StepGrid.AlignDown(NowMs(), _stepMs));
            Save();
        }

        return true;
    }

    // A fit is late for tuning when this selector's is running or due, or every fit slot is taken by another selector's.
    private bool FitIsDue() =>
        _fitting || _limits.FitSlots.CurrentCount == 0 ||
        (FittedAt is { } fitted && _time.GetUtcNow() >= fitted + Selector.Settings.FitEvery);

    private async Task<bool> FitHoldingSlotAsync(long started, CancellationToken cancellationToken)
    {
        await _limits.FitSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = NowMs();
            var grid = RunGrids.Fit(now, _stepMs, Selector.Settings.FitWindow);
            ShapedWindow window;
            try
            {
                window = await WindowReader.ReadAsync(
                    _reader, _shaper, Selector.Matchers, grid, _limits.FitReadSlice, cancellationToken, _limits.FitReadsInFlight, spill: _limits.FitSpill,
                    sliceSamples: _limits.FitReadSliceSamples, longestSlice: SchedulerLimits.LongestFitReadSlice)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics.FitDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
                SchedulingLog.FitReadFailed(_logger, Name, e);
                return false;
            }

            var handedOver = false;
            try
            {
                var readSeconds = _time.GetElapsedTime(started).TotalSeconds;
                _metrics.SeriesNotOwned.Set(window.SeriesNotOwned);
                _report.SampleSpacing(window, Selector.Shaping);
                var candidates = _table.FitCandidates(window);
                var (models, errors) = await WindowFitter.FitAsync(
                    window, candidates, _fitter, Selector.Settings.Model, _exclusions, _limits.FitParallelism, cancellationToken, _tuner?.OptionsForFit())
                    .ConfigureAwait(false);
                _report.Refused(_table.ApplyFit(window, candidates, models, now));
                lock (_gate)
                {
                    _fittedAtMs = now;
                }

                Publish(grid.EndMs);
                _report.FitErrors(candidates, errors);
                Save();
                _metrics.SetLastSuccessfulFit(DateTimeOffset.FromUnixTimeMilliseconds(now));
                var seconds = _time.GetElapsedTime(started).TotalSeconds;
                _metrics.FitDuration.Observe(seconds);
                var (modelled, warming) = _table.Counts();
                SchedulingLog.FitDone(_logger, Name, modelled, warming, errors.Count(e => e is not null), Math.Round(seconds, 3), Math.Round(readSeconds, 3));
                _serving = true;
                _scored = true;
                if (_tuner is not null)
                {
                    // The tuning cycle takes the window over (and disposes it); a window no cycle took is replaced.
                    Interlocked.Exchange(ref _tuningWindow, window)?.Dispose();
                    handedOver = true;
                }

                return true;
            }
            finally
            {
                if (!handedOver)
                {
                    window.Dispose();
                }
            }
        }
        finally
        {
            _limits.FitSlots.Release();
        }
    }

    /// <summary>
    /// Reads the steps new since the last inference, discovers and forgets series, and publishes predictions for the
    /// latest step and scores for fresh values. When the read fails, predictions are still published (a model
    /// predicts any time), scores are withdrawn once their value is stale, and nothing is forgotten; returns false.
    /// </summary>
    public async Task<bool> InferAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var now = NowMs();
        var evalMs = StepGrid.AlignDown(now, _stepMs);
        var grid = InferenceGrid(evalMs);
        Exception? readError = null;
        if (grid.Count > 0)
        {
            try
            {
                var raw = await _reader.ReadAsync(new ReadQuery(_shaper.ReadStartMs(grid), grid.EndMs, Selector.Matchers), cancellationToken)
                    .ConfigureAwait(false);
                var shaped = _shaper.Shape(raw, grid);
                _metrics.SeriesNotOwned.Set(shaped.SeriesNotOwned);
                _report.Refused(_table.Observe(shaped, now));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                readError = e;
            }
        }

        if (readError is null)
        {
            var forgotten = _table.ForgetUnseen(now - (long)Selector.Settings.SeriesTtl.TotalMilliseconds);
            if (forgotten > 0)
            {
                SchedulingLog.SeriesForgotten(_logger, Name, forgotten, Selector.Settings.SeriesTtl);
            }

            lock (_gate)
            {
                _lastEvalMs = evalMs;
            }
        }

        Publish(evalMs);
        _scored = _serving;
        _metrics.InferenceDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
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
        var caughtUp = await _catchUp.RunAsync(NowMs(), cancellationToken).ConfigureAwait(false);
        if (caughtUp > 0)
        {
            Publish(StepGrid.AlignDown(NowMs(), _stepMs));
            Save();
            SchedulingLog.CaughtUp(_logger, Name, caughtUp);
        }
    }

    /// <summary>Withdraws every gauge of the selector's series (the selector left the configuration).</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _tuningWindow, null)?.Dispose();
        _table.Clear();
        _report.Counts(_table.Counts());
    }

    private StepGrid InferenceGrid(long evalMs)
    {
        long? lastEval;
        lock (_gate)
        {
            lastEval = _lastEvalMs;
        }

        return RunGrids.Inference(lastEval, evalMs, _stepMs, Selector.Settings.InferEvery);
    }

    private void Publish(long evalMs)
    {
        _report.Published(_table.Publish(evalMs), _table.Counts());
        lock (_gate)
        {
            _publishedMs = Math.Max(_publishedMs ?? long.MinValue, evalMs);
        }
    }

    private void Save() =>
        _report.SaveFailures(_state.Save(_table.Modelled(), FittedAt?.ToUnixTimeMilliseconds() ?? NowMs()));

    private static bool IsTrustedFitTime(long fittedAtMs, long nowMs) =>
        fittedAtMs >= DateTimeOffset.UnixEpoch.ToUnixTimeMilliseconds() && fittedAtMs <= nowMs + (long)MaxRestoredSkew.TotalMilliseconds;

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
