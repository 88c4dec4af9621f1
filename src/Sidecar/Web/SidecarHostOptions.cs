using Sidecar.Logging;
using Sidecar.Series;
using Sidecar.Syntax;

namespace Sidecar.Web;

/// <summary>The flags of <c>sidecar run</c>, parsed. Immutable.</summary>
public sealed record SidecarHostOptions
{
    /// <summary><c>--config.file</c>: the YAML configuration.</summary>
    public required string ConfigFile { get; init; }

    /// <summary><c>--web.listen-address</c>; default <c>:9717</c>.</summary>
    public ListenAddress ListenAddress { get; init; } = ListenAddress.Default;

    /// <summary><c>--storage.path</c>: where fitted models are kept across restarts; default <c>data/</c>.</summary>
    public string StoragePath { get; init; } = "data/";

    /// <summary><c>--web.config.file</c>: TLS and basic authentication (exporter-toolkit format), or null.</summary>
    public string? WebConfigFile { get; init; }

    /// <summary><c>--web.enable-lifecycle</c>: allow <c>POST /-/reload</c>.</summary>
    public bool EnableLifecycle { get; init; }

    /// <summary><c>--config.allow-empty-reload</c>: apply a reload to a configuration without selectors.</summary>
    public bool AllowEmptyReload { get; init; }

    /// <summary><c>--shard.count</c> and <c>--shard.index</c>: the series this replica models; null for all.</summary>
    public SeriesShard? Shard { get; init; }

    /// <summary>
    /// <c>--shard.replica</c>: the value of a <c>replica</c> label on every family on <c>/metrics</c>, so that
    /// Prometheus or Thanos can deduplicate replicas of one shard; null for none.
    /// </summary>
    public string? Replica { get; init; }

    /// <summary>
    /// <c>--storage.remote.read-sample-limit</c>: the most forecast points one remote-read request to
    /// <c>/api/v1/read</c> may return; a request for more gets 400. Default 1,000,000.
    /// </summary>
    public long RemoteReadSampleLimit { get; init; } = DefaultRemoteReadSampleLimit;

    /// <summary>
    /// <c>--storage.fit-window-memory</c>: the most bytes of one fit window's values kept on the heap; a bigger window
    /// is kept in a file under <see cref="StoragePath"/> while it is fitted.
    /// </summary>
    public long FitWindowMemoryBytes { get; init; } = DefaultFitWindowMemoryBytes;

    /// <summary>The default of <see cref="FitWindowMemoryBytes"/>: 256 MiB.</summary>
    public const long DefaultFitWindowMemoryBytes = 256L << 20;

    /// <summary>The default of <see cref="RemoteReadSampleLimit"/>.</summary>
    public const long DefaultRemoteReadSampleLimit = 1_000_000;

    /// <summary><c>--log.level</c>.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary><c>--log.format</c>.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Logfmt;

    /// <summary>The build's version (<c>sidecar_build_info</c>), passed in by the command.</summary>
    public string Version { get; init; } = "unknown";

    /// <summary>The build's source revision (<c>sidecar_build_info</c>), passed in by the command.</summary>
    public string Revision { get; init; } = "unknown";
}
