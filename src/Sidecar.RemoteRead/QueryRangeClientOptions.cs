using System.Globalization;

namespace Sidecar.RemoteRead;

/// <summary>
/// How to reach one Prometheus HTTP API <c>query_range</c> endpoint (Prometheus, VictoriaMetrics, Thanos Query,
/// Mimir, Cortex). <see cref="Http"/> carries the settings shared with remote read, under the same names:
/// <c>url</c>, <c>remote_timeout</c>, <c>headers</c>, <c>basic_auth</c>, <c>authorization</c>,
/// <c>bearer_token_file</c>, <c>tls_config</c>, <c>max_concurrent_requests</c>, retries and backoff,
/// <c>max_response_bytes</c> and <c>max_samples_per_request</c> (here: points). Its remote-read-only settings
/// (<c>max_request_range</c>, <c>max_frame_bytes</c>, response types) are not used. Immutable; thread-safe.
/// <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed record QueryRangeClientOptions
{
    /// <summary>Prometheus's limit on points per series in one <c>query_range</c> request.</summary>
    public const int PrometheusMaxPoints = 11_000;

    /// <summary>The HTTP settings; <see cref="RemoteReadClientOptions.Url"/> is the <c>/api/v1/query_range</c> endpoint.</summary>
    public required RemoteReadClientOptions Http { get; init; }

    /// <summary>
    /// <c>max_points_per_request</c>: most grid points per series in one request; a longer window is split into
    /// consecutive requests. Default 11,000, Prometheus's limit (VictoriaMetrics allows 30,000 by default).
    /// </summary>
    public int MaxPointsPerRequest { get; init; } = PrometheusMaxPoints;

    /// <summary>Every problem, each naming its key; empty when valid (see <see cref="RemoteReadClientOptions.Validate"/>).</summary>
    public IReadOnlyList<RemoteReadOptionsProblem> Validate(Func<string, string?>? written = null)
    {
        var problems = new List<RemoteReadOptionsProblem>(Http.Validate(written));
        if (MaxPointsPerRequest < 1)
        {
            var shown = written?.Invoke("max_points_per_request") ?? MaxPointsPerRequest.ToString(CultureInfo.InvariantCulture);
            problems.Add(new RemoteReadOptionsProblem("max_points_per_request", $"must be at least 1, got {shown}"));
        }

        return problems;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"query_range{{{Http}, max_points_per_request={MaxPointsPerRequest}}}");
}
