using Sidecar.RemoteRead;

namespace Sidecar.Config;

/// <summary>
/// The <c>alertmanager:</c> section: where the sidecar reads silences (<c>GET /api/v2/silences</c>) that people set on
/// <c>AnomalyDetected</c> with a <c>sidecar:exclude</c> or <c>sidecar:expected</c> comment, and how often.
/// <see cref="Client"/> holds <c>url</c> and the <c>http_config</c> keys, as for <c>remote_read</c>.
/// <see cref="object.ToString"/> never shows secrets. Immutable.
/// </summary>
/// <param name="Client">The silences endpoint, <c>remote_timeout</c>, credentials, TLS and <c>max_response_bytes</c>.</param>
/// <param name="PollInterval">Time between two reads of the silences (<c>poll_interval</c>).</param>
/// <param name="IgnoreLabels">
/// Alert labels that are not the series' (<c>ignore_labels</c>), such as Prometheus's <c>external_labels</c>: their
/// matchers are dropped instead of matched against the series.
/// </param>
public sealed record AlertmanagerConfig(RemoteReadClientOptions Client, TimeSpan PollInterval, IReadOnlyList<string> IgnoreLabels)
{
    /// <summary>The default <c>poll_interval</c>.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMinutes(1);

    /// <summary>The shortest <c>poll_interval</c>.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>poll_interval</c>.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

    /// <summary>The default <c>remote_timeout</c>: a silences list is small.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <c>max_response_bytes</c>: thousands of silences.</summary>
    public const long DefaultMaxResponseBytes = 8L << 20;
}
