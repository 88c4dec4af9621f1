using System.Globalization;

namespace Sidecar.RemoteRead;

/// <summary>
/// How to reach one Prometheus remote-write 1.0 receiver (Prometheus with <c>--web.enable-remote-write-receiver</c>,
/// Mimir, Cortex, VictoriaMetrics). <see cref="Http"/> carries the settings shared with remote read, under the same
/// names: <c>url</c>, <c>remote_timeout</c>, <c>headers</c>, <c>basic_auth</c>, <c>authorization</c>,
/// <c>bearer_token_file</c>, <c>tls_config</c>, <c>max_retries</c>, <c>min_backoff</c>, <c>max_backoff</c>; its
/// read-only settings are not used. Immutable; thread-safe. <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed record RemoteWriteClientOptions
{
    /// <summary>The HTTP settings; <see cref="RemoteReadClientOptions.Url"/> is the receiver, e.g. <c>/api/v1/write</c>.</summary>
    public required RemoteReadClientOptions Http { get; init; }

    /// <summary>Every problem, each naming its key; empty when valid (see <see cref="RemoteReadClientOptions.Validate"/>).</summary>
    public IReadOnlyList<RemoteReadOptionsProblem> Validate(Func<string, string?>? written = null) => Http.Validate(written);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"remote_write{{{Http}}}");
}
