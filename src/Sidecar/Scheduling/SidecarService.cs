using Microsoft.Extensions.Logging;
using Prometheus;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Sources;
using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// The running sidecar: loads the configuration, runs one <see cref="SelectorSchedule"/> per selector over one
/// <see cref="ISeriesSource"/> per source (remote read or query_range), keeps <c>/-/ready</c> up to date, and reloads on request. A reload
/// keeps the models (and gauges) of every selector whose model settings did not change; an invalid file keeps the
/// running configuration and sets <c>sidecar_config_last_reload_successful</c> to 0. Each <c>remote_write</c> entry
/// gets a <see cref="RemoteWriteQueue"/>, new at every reload (the old one's unsent samples are counted dropped).
/// Thread-safe; reloads are serialized.
/// </summary>
public sealed partial class SidecarService : IHostedService, IConfigReloader, IAsyncDisposable
{
    private readonly string _configFile;
    private readonly (string Version, string Revision) _build;
    private readonly StateStore _store;
    private readonly SelfMetrics _self;
    private readonly IMetricFactory _metricFactory;
    private readonly ScrapeGate _scrapeGate;
    private readonly Readiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<SidecarService> _logger;
    private readonly IModelFitter _fitter;
    private readonly SchedulerLimits _limits;
    private readonly ExclusionBook _exclusions;
    private readonly bool _allowEmptyReload;
    private readonly SeriesShard _shard;
    private readonly bool _replicaLabelled;
    private readonly string? _replica;
    private readonly Dictionary<string, RemoteWriteMetrics> _remoteWriteMetrics = [];
    private List<RemoteWriteQueue> _remoteWrites = [];
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private readonly Dictionary<string, SelectorMetrics> _selectorMetrics = [];
    private readonly Dictionary<string, SourceMetrics> _sourceMetrics = [];
    private volatile Dictionary<string, SelectorSchedule> _schedules = [];
    private Dictionary<string, ISeriesSource> _sources = [];
    private PredictionGauges? _gauges;
    private bool _stopped;
    private volatile AlertmanagerConfig? _alertmanager;

    /// <summary>Creates the service; nothing is read or started until <see cref="StartAsync"/>.</summary>
    public SidecarService(
        SidecarServiceOptions options,
        StateStore store,
        SelfMetrics self,
        IMetricFactory metricFactory,
        ScrapeGate scrapeGate,
        Readiness readiness,
        IModelFitter fitter,
        SchedulerLimits limits,
        ExclusionBook exclusions,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _exclusions = exclusions;
        _configFile = options.ConfigFile;
        _allowEmptyReload = options.AllowEmptyReload;
        _shard = options.Shard ?? SeriesShard.None;
        _replicaLabelled = options.ReplicaLabelled;
        _replica = options.Replica;
        _build = (options.Version, options.Revision);
        _store = store;
        _self = self;
        _metricFactory = metricFactory;
        _scrapeGate = scrapeGate;
        _readiness = readiness;
        _fitter = fitter;
        _limits = limits;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SidecarService>();
    }

    /// <summary>The <c>alertmanager:</c> section of the configuration in force, or null.</summary>
    public AlertmanagerConfig? Alertmanager => _alertmanager;

    /// <summary>The schedules running now, by selector name (for tests and diagnostics).</summary>
    public IReadOnlyDictionary<string, SelectorSchedule> Schedules => _schedules;

    /// <summary>
    /// Every running selector's forecastable series and the family names in use; null before the first configuration
    /// is applied.
    /// </summary>
    public ForecastSnapshot? Forecasts()
    {
        var gauges = Volatile.Read(ref _gauges);
        return gauges is null ? null : new ForecastSnapshot(gauges.Names, _schedules.Values.Select(s => s.Runner.Forecast()).ToList());
    }

    /// <summary>Loads the configuration file and starts every selector.</summary>
    /// <exception cref="InvalidOperationException">The configuration file is invalid.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _self.SetBuildInfo(_build.Version, _build.Revision);
        _self.SetShardInfo(_shard.Index, _shard.Count);
        if (_shard.IsSharded)
        {
            LogSharded(_logger, _shard.Index, _shard.Count);
        }
        var result = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException($"invalid configuration: {result.Error}");
        }
    }

    /// <inheritdoc />
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return ReloadResult.Failed("the service is stopping");
            }

            var loaded = ConfigLoader.LoadFile(_configFile);
            if (loaded.Config is not { } config)
            {
                var errors = string.Join("; ", loaded.Errors.Select(e => e.ToString()));
                _self.SetConfigReload(false, _time.GetUtcNow());
                LogReloadFailed(_logger, _configFile, errors);
                return ReloadResult.Failed(errors);
            }

            try
            {
                await ApplyAsync(config).ConfigureAwait(false);
                _alertmanager = config.Alertmanager;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _self.SetConfigReload(false, _time.GetUtcNow());
                LogReloadFailed(_logger, _configFile, e.Message);
                return ReloadResult.Failed(e.Message);
            }

            _self.SetConfigReload(true, _time.GetUtcNow());
            LogLoaded(_logger, _configFile, config.RemoteReads.Count + config.QueryRanges.Count, config.Selectors.Count);
            return ReloadResult.Ok;
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    /// <summary>Stops every selector and waits for running runs to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _reloadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stopped = true;
            foreach (var schedule in _schedules.Values)
            {
                await schedule.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var source in _sources.Values)
            {
                source.Dispose();
            }

            _schedules = [];
            _sources = [];
            await StopRemoteWritesAsync(_remoteWrites, new SidecarConfig()).ConfigureAwait(false);
            _remoteWrites = [];
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _reloadLock.Dispose();
    }

    private async Task ApplyAsync(SidecarConfig config)
    {
        if (config.Selectors.Count == 0 && _schedules.Count > 0)
        {
            if (!_allowEmptyReload)
            {
                throw new ArgumentException(
                    $"the new configuration has no selectors; the {_schedules.Count} running selector(s) and their gauges stay "
                    + "(an emptied or truncated file is the likelier cause). To stop modelling every selector, start with --config.allow-empty-reload");
            }

            _self.ConfigReloadEmpty.Inc();
            LogEmptyApplied(_logger, _configFile, _schedules.Count);
        }

        var names = config.OutputNaming == OutputNaming.Vmanomaly ? OutputFamilyNames.Vmanomaly : OutputFamilyNames.Default;
        var sameNames = _gauges is not null && _gauges.Names == names && _gauges.Exposed.SequenceEqual(config.Exposition.Families.Order());
        var gauges = sameNames
            ? _gauges!
            : new PredictionGauges(_metricFactory, names, _scrapeGate, _replicaLabelled ? [OutputFamilyNames.ReplicaLabel] : [], config.Exposition.Families);

        // New clients for every source: a changed URL, credential or timeout takes effect at once.
        var sources = new Dictionary<string, ISeriesSource>();
        try
        {
            foreach (var remote in config.RemoteReads)
            {
                if (!_sourceMetrics.TryGetValue(remote.Name, out var sourceMetrics))
                {
                    _sourceMetrics[remote.Name] = sourceMetrics = _self.ForSource(remote.Name);
                }

                sources[remote.Name] = new RemoteReadSource(remote, sourceMetrics, _time);
            }

            foreach (var range in config.QueryRanges)
            {
                if (!_sourceMetrics.TryGetValue(range.Name, out var sourceMetrics))
                {
                    _sourceMetrics[range.Name] = sourceMetrics = _self.ForSource(range.Name);
                }

                sources[range.Name] = new QueryRangeSource(range, sourceMetrics, _time);
            }
        }
        catch
        {
            foreach (var source in sources.Values)
            {
                source.Dispose();
            }

            throw;
        }

        // Queues start after the sources, so that nothing above leaves one running.
        List<RemoteWriteQueue> remoteWrites;
        try
        {
            remoteWrites = await StartRemoteWritesAsync(config).ConfigureAwait(false);
        }
        catch
        {
            foreach (var source in sources.Values)
            {
                source.Dispose();
            }

            throw;
        }

        Label[] staticLabels = _replica is { } replica ? [new Label(OutputFamilyNames.ReplicaLabel, replica)] : [];
        var output = remoteWrites.Count > 0 ? new RemoteWriteOutput(remoteWrites, names, staticLabels) : null;

        // Build every runner and schedule (anything that can throw) before touching what runs, so a failure leaves
        // the running selectors as they were.
        var built = new List<SelectorSchedule>();
        var newMetrics = new List<string>();
        var runnerLogger = _loggers.CreateLogger<SelectorRunner>();
        var scheduleLogger = _loggers.CreateLogger<SelectorSchedule>();
        try
        {
            foreach (var selector in config.Selectors)
            {
                if (!_selectorMetrics.TryGetValue(selector.Name, out var metrics))
                {
                    _selectorMetrics[selector.Name] = metrics = _self.ForSelector(selector.Name);
                    newMetrics.Add(selector.Name);
                }

                var runner = new SelectorRunner(selector, sources[selector.Source].ReaderFor(selector), _fitter, _store, gauges, metrics, _limits, _exclusions, _time, runnerLogger, _shard, output);
                var schedule = new SelectorSchedule(runner, _time, scheduleLogger, UpdateReadiness);
                built.Add(schedule);
                schedule.Prepare();
            }
        }
        catch
        {
            foreach (var schedule in built)
            {
                await schedule.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var name in newMetrics)
            {
                _selectorMetrics.Remove(name, out var metrics);
                metrics!.Dispose();
            }

            foreach (var source in sources.Values)
            {
                source.Dispose();
            }

            await StopRemoteWritesAsync(remoteWrites, null).ConfigureAwait(false);
            throw;
        }

        // Swap: nothing below throws.
        var schedules = new Dictionary<string, SelectorSchedule>();
        var previous = new Dictionary<string, SelectorSchedule>(_schedules);
        foreach (var schedule in built)
        {
            var runner = schedule.Runner;
            if (previous.Remove(runner.Name, out var old))
            {
                await old.DisposeAsync().ConfigureAwait(false);
                if (old.Runner.ModelsHash == runner.ModelsHash)
                {
                    runner.AdoptFrom(old.Runner, sameNames);
                    LogKept(_logger, runner.Name);
                }
                else
                {
                    old.Runner.Dispose();
                    runner.Restore();
                }
            }
            else
            {
                runner.Restore();
            }

            schedules[runner.Name] = schedule;
        }

        foreach (var (name, removed) in previous)
        {
            await removed.DisposeAsync().ConfigureAwait(false);
            removed.Runner.Dispose();
            if (_selectorMetrics.Remove(name, out var metrics))
            {
                metrics.Dispose();
            }
        }

        foreach (var source in _sources.Values)
        {
            source.Dispose();
        }

        foreach (var name in _sourceMetrics.Keys.Where(n => !sources.ContainsKey(n)).ToList())
        {
            _sourceMetrics.Remove(name, out var metrics);
            metrics!.Dispose();
        }

        var oldRemoteWrites = _remoteWrites;
        _remoteWrites = remoteWrites;
        await StopRemoteWritesAsync(oldRemoteWrites, config).ConfigureAwait(false);
        _schedules = schedules;
        _sources = sources;
        _gauges = gauges;
        foreach (var schedule in schedules.Values)
        {
            schedule.Start();
        }

        UpdateReadiness();
    }

    /// <summary>A started queue per <c>remote_write</c> entry; none left running when one fails to start (its TLS files, say).</summary>
    private async Task<List<RemoteWriteQueue>> StartRemoteWritesAsync(SidecarConfig config)
    {
        var logger = _loggers.CreateLogger<RemoteWriteQueue>();
        var queues = new List<RemoteWriteQueue>();
        try
        {
            foreach (var entry in config.RemoteWrites)
            {
                if (!_remoteWriteMetrics.TryGetValue(entry.Name, out var metrics))
                {
                    _remoteWriteMetrics[entry.Name] = metrics = _self.ForRemoteWrite(entry.Name);
                }

                queues.Add(new RemoteWriteQueue(entry, metrics, _time, logger));
            }
        }
        catch
        {
            await StopRemoteWritesAsync(queues, null).ConfigureAwait(false);
            throw;
        }

        return queues;
    }

    /// <summary>Stops <paramref name="queues"/>, and removes the self-metrics of entries <paramref name="config"/> (the one now running) no longer has.</summary>
    private async Task StopRemoteWritesAsync(List<RemoteWriteQueue> queues, SidecarConfig? config)
    {
        foreach (var queue in queues)
        {
            await queue.DisposeAsync().ConfigureAwait(false);
        }

        if (config is null)
        {
            return;
        }

        foreach (var name in _remoteWriteMetrics.Keys.Where(n => config.RemoteWrites.All(r => r.Name != n)).ToList())
        {
            _remoteWriteMetrics.Remove(name, out var metrics);
            metrics!.Dispose();
        }
    }

    private void UpdateReadiness()
    {
        var waiting = _schedules.Values.Where(s => !s.Runner.IsReady).Select(s => s.Runner.Name).ToList();
        if (waiting.Count == 0)
        {
            _readiness.SetReady();
        }
        else
        {
            _readiness.SetNotReady($"waiting for a first fit, or restored models and their first score, of selector(s) {string.Join(", ", waiting)}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "shard {Index} of {Count}: modelling only the series whose label hash modulo {Count} is {Index}; every selector is still read whole")]
    private static partial void LogSharded(ILogger logger, int index, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "configuration {File} loaded: {Sources} remote_read source(s), {Selectors} selector(s)")]
    private static partial void LogLoaded(ILogger logger, string file, int sources, int selectors);

    [LoggerMessage(Level = LogLevel.Error, Message = "configuration {File} not applied, the running configuration stays: {Errors}")]
    private static partial void LogReloadFailed(ILogger logger, string file, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "configuration {File} has no selectors: the {Selectors} running selector(s) stop and every gauge goes (--config.allow-empty-reload)")]
    private static partial void LogEmptyApplied(ILogger logger, string file, int selectors);

    [LoggerMessage(Level = LogLevel.Information, Message = "selector {Selector}: model settings unchanged, its models and gauges are kept")]
    private static partial void LogKept(ILogger logger, string selector);
}
