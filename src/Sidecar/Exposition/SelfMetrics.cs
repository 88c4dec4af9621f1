using System.Globalization;
using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// The sidecar's own metrics (prefix <c>sidecar_</c>), created in an injected registry. Per-selector and per-source
/// children are handed out as <see cref="SelectorMetrics"/> and <see cref="SourceMetrics"/>, initialised to zero so
/// that <c>increase()</c> sees the first event, and removed again when the selector or source goes. Thread-safe.
/// </summary>
public sealed class SelfMetrics
{
    private static readonly double[] RemoteReadBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] FitBuckets = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
    private static readonly double[] InferenceBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Creates every family in the registry behind <paramref name="metrics"/>.</summary>
    public SelfMetrics(IMetricFactory metrics)
    {
        RemoteReadDuration = metrics.CreateHistogram(
            "sidecar_remote_read_request_duration_seconds",
            "Duration of a source's HTTP requests (remote read or query_range), including reading the response body.",
            new HistogramConfiguration { LabelNames = ["source"], Buckets = RemoteReadBuckets });
        RemoteReadResponses = metrics.CreateCounter(
            "sidecar_remote_read_responses_total",
            "Responses of a source (remote read or query_range) by HTTP status code; code=\"decode_error\" for a 2xx whose body did not decode, \"limit_exceeded\" for one past a decode bound, \"error\" when no whole response came (connection error, timeout).",
            ["source", "code"]);
        RemoteReadBytes = metrics.CreateCounter(
            "sidecar_remote_read_bytes_total", "Bytes of response bodies received from a source (remote read or query_range).", ["source"]);
        RemoteReadSamples = metrics.CreateCounter(
            "sidecar_remote_read_samples_total", "Samples decoded from a source's responses (points, for a query_range source).", ["source"]);
        RemoteReadUp = metrics.CreateGauge(
            "sidecar_remote_read_up", "1 if the last read of the source (remote read or query_range) succeeded (after retries), else 0.", ["source"]);
        FitDuration = metrics.CreateHistogram(
            "sidecar_fit_duration_seconds",
            "Duration of a selector's fit runs, failed ones included: reading the fit window, shaping, fitting every series, saving state.",
            new HistogramConfiguration { LabelNames = ["selector"], Buckets = FitBuckets });
        InferenceDuration = metrics.CreateHistogram(
            "sidecar_inference_duration_seconds",
            "Duration of a selector's inference runs, failed ones included: reading new samples, shaping, predicting and scoring.",
            new HistogramConfiguration { LabelNames = ["selector"], Buckets = InferenceBuckets });
        RunsSkipped = metrics.CreateCounter(
            "sidecar_runs_skipped_total", "Scheduled runs skipped because the previous run of the same kind was still going.", ["selector", "kind"]);
        Series = metrics.CreateGauge(
            "sidecar_series", "Series known to a selector: modelled, or warming_up until they have min_history.", ["selector", "state"]);
        SeriesDropped = metrics.CreateCounter(
            "sidecar_series_dropped_total", "Series not modelled because the selector reached max_series.", ["selector"]);
        ModelErrors = metrics.CreateCounter(
            "sidecar_model_errors_total", "Series whose fit, prediction or scoring failed; the other series carried on.", ["selector"]);
        SampleSpacing = metrics.CreateGauge(
            "sidecar_fit_sample_spacing_seconds",
            "Mean time between consecutive raw samples of a series in the selector's last fit window; above the 5m lookback, steps get no point.",
            ["selector"]);
        LastSuccessfulFit = metrics.CreateGauge(
            "sidecar_last_successful_fit_timestamp_seconds", "Unix time of the selector's last successful fit run.", ["selector"]);
        StateLoadFailures = metrics.CreateCounter(
            "sidecar_state_load_failures_total", "State files found corrupt, foreign or unreadable at start; ignored and refitted.", ["selector"]);
        StateWriteFailures = metrics.CreateCounter(
            "sidecar_state_write_failures_total", "Failed writes of a selector's fitted models under --storage.path.", ["selector"]);
        ConfigLastReloadSuccessful = metrics.CreateGauge(
            "sidecar_config_last_reload_successful", "1 if the last configuration load or reload succeeded, else 0.");
        ConfigReloadEmpty = metrics.CreateCounter(
            "sidecar_config_reload_empty_total", "Reloads applied to a configuration without selectors while selectors ran (--config.allow-empty-reload).");
        ConfigLastReloadSuccessTimestamp = metrics.CreateGauge(
            "sidecar_config_last_reload_success_timestamp_seconds", "Unix time of the last successful configuration load or reload.");
        SeriesNotOwned = metrics.CreateGauge(
            "sidecar_shard_series_not_owned",
            "Series of the selector's last read left out because another shard owns them (--shard.count); never fitted nor exposed here.",
            ["selector"]);
        ShardInfo = metrics.CreateGauge(
            "sidecar_shard_info", "Always 1; labels carry this replica's --shard.index and --shard.count (0 and 1 without sharding).", ["index", "count"]);
        RemoteWriteSent = metrics.CreateCounter(
            "sidecar_remote_write_samples_sent_total", "Model output samples the remote_write receiver accepted (2xx).", ["remote_write"]);
        RemoteWriteFailed = metrics.CreateCounter(
            "sidecar_remote_write_samples_failed_total",
            "Model output samples given up on: refused with a 4xx (never retried), or still failing after max_retries (5xx, 429, connection errors, timeouts).",
            ["remote_write"]);
        RemoteWriteDropped = metrics.CreateCounter(
            "sidecar_remote_write_samples_dropped_total",
            "Model output samples dropped unsent: the oldest, when the queue was at queue_capacity; or those still queued when the entry was removed or the sidecar stopped.",
            ["remote_write"]);
        RemoteWriteRetries = metrics.CreateCounter(
            "sidecar_remote_write_retries_total", "Remote-write requests retried after a 5xx, 429, connection error or timeout.", ["remote_write"]);
        RemoteWriteLastSuccess = metrics.CreateGauge(
            "sidecar_remote_write_last_success_timestamp_seconds", "Unix time of the last request the remote_write receiver accepted; 0 before the first.", ["remote_write"]);
        RemoteWriteQueue = metrics.CreateGauge(
            "sidecar_remote_write_queue_samples", "Model output samples queued for the remote_write receiver, at most queue_capacity.", ["remote_write"]);
        TuningSeries = metrics.CreateCounter(
            "sidecar_tuning_series_total",
            "Series cross-validated by continuous tuning, by decision: switched (a clearly better combination now in use), kept (none clearly better), held (better, but inside an alert episode: retried next cycle), failed (every combination failed).",
            ["selector", "decision"]);
        TuningCycles = metrics.CreateCounter(
            "sidecar_tuning_cycles_total",
            "Continuous tuning cycles (one after each fit run) by how they ended: completed (every due series tuned), budget (cycle_budget spent; the rest wait for the next cycle), fit_due (stopped or not started because a fit is due or running).",
            ["selector", "outcome"]);
        TuningCycleDuration = metrics.CreateHistogram(
            "sidecar_tuning_cycle_duration_seconds",
            "Duration of a selector's continuous tuning cycles, on one thread: cross-validating the grid for each series tuned and refitting those that switched.",
            new HistogramConfiguration { LabelNames = ["selector"], Buckets = FitBuckets });
        TuningDue = metrics.CreateGauge(
            "sidecar_tuning_series_due", "Modelled series whose last tuning is older than tune_every, after the selector's last tuning cycle.", ["selector"]);
        BuildInfo = metrics.CreateGauge(
            "sidecar_build_info", "Always 1; labels carry the version and the git revision of the running binary.", ["version", "revision"]);
    }

    internal Histogram RemoteReadDuration { get; }

    internal Counter RemoteReadResponses { get; }

    internal Counter RemoteReadBytes { get; }

    internal Counter RemoteReadSamples { get; }

    internal Gauge RemoteReadUp { get; }

    internal Counter RemoteWriteSent { get; }

    internal Counter RemoteWriteFailed { get; }

    internal Counter RemoteWriteDropped { get; }

    internal Counter RemoteWriteRetries { get; }

    internal Gauge RemoteWriteLastSuccess { get; }

    internal Gauge RemoteWriteQueue { get; }

    internal Counter TuningSeries { get; }

    internal Counter TuningCycles { get; }

    internal Histogram TuningCycleDuration { get; }

    internal Gauge TuningDue { get; }

    internal Histogram FitDuration { get; }

    internal Histogram InferenceDuration { get; }

    internal Counter RunsSkipped { get; }

    internal Gauge Series { get; }

    internal Counter SeriesDropped { get; }

    internal Counter ModelErrors { get; }

    internal Gauge LastSuccessfulFit { get; }

    internal Gauge SampleSpacing { get; }

    internal Gauge SeriesNotOwned { get; }

    internal Counter StateLoadFailures { get; }

    internal Counter StateWriteFailures { get; }

    /// <summary><c>sidecar_config_reload_empty_total</c>.</summary>
    public Counter ConfigReloadEmpty { get; }

    /// <summary><c>sidecar_config_last_reload_successful</c>.</summary>
    public Gauge ConfigLastReloadSuccessful { get; }

    /// <summary><c>sidecar_config_last_reload_success_timestamp_seconds</c>.</summary>
    public Gauge ConfigLastReloadSuccessTimestamp { get; }

    /// <summary><c>sidecar_build_info</c>.</summary>
    public Gauge BuildInfo { get; }

    /// <summary><c>sidecar_shard_info</c>.</summary>
    public Gauge ShardInfo { get; }

    /// <summary>Publishes <c>sidecar_shard_info{index,count} 1</c>.</summary>
    public void SetShardInfo(int index, int count) =>
        ShardInfo.WithLabels(index.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)).Set(1);

    /// <summary>Publishes <c>sidecar_build_info{version,revision} 1</c>.</summary>
    public void SetBuildInfo(string version, string revision) => BuildInfo.WithLabels(version, revision).Set(1);

    /// <summary>Records a configuration (re)load outcome at <paramref name="now"/>.</summary>
    public void SetConfigReload(bool success, DateTimeOffset now)
    {
        ConfigLastReloadSuccessful.Set(success ? 1 : 0);
        if (success)
        {
            ConfigLastReloadSuccessTimestamp.Set(now.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    /// <summary>The children of one selector, published at zero.</summary>
    public SelectorMetrics ForSelector(string selector) => new(this, selector);

    /// <summary>The children of one remote-read source.</summary>
    public SourceMetrics ForSource(string source) => new(this, source);

    /// <summary>The children of one remote-write receiver, published at zero.</summary>
    public RemoteWriteMetrics ForRemoteWrite(string name) => new(this, name);
}
