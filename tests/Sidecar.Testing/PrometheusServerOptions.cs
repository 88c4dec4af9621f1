namespace Sidecar.Testing;

/// <summary>How a test Prometheus is started.</summary>
public sealed record PrometheusServerOptions
{
    /// <summary>
    /// YAML appended to the generated <c>prometheus.yml</c> after its <c>global:</c> section: <c>scrape_configs</c>,
    /// <c>rule_files</c> (absolute paths), <c>alerting</c>. Null for none.
    /// </summary>
    public string? ExtraConfigYaml { get; init; }

    /// <summary>Global scrape and evaluation interval written into the config.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Contents of a <c>--web.config.file</c> (basic auth, TLS) or null.</summary>
    public string? WebConfigYaml { get; init; }

    /// <summary>More command-line flags, e.g. <c>--storage.remote.read-sample-limit=1000</c>.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary><c>--web.enable-remote-write-receiver</c>: accept remote write at <c>/api/v1/write</c>.</summary>
    public bool EnableRemoteWriteReceiver { get; init; }

    /// <summary>
    /// An existing TSDB directory to serve instead of a backfill into a temporary one (a benchmark's dataset, built
    /// once and reused); it is left in place on dispose. Null for a fresh one.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// OpenMetrics files written elsewhere (e.g. by <c>sidecartool sample-data</c>) to backfill besides the series
    /// given to <see cref="PrometheusServer.StartAsync"/>, one <c>promtool tsdb create-blocks-from openmetrics</c> each.
    /// </summary>
    public IReadOnlyList<string> OpenMetricsFiles { get; init; } = [];

    /// <summary>How long to wait for <c>/-/ready</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
