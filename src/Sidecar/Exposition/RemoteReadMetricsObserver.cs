using Sidecar.RemoteRead;

namespace Sidecar.Exposition;

/// <summary>
/// Turns the remote-read client's per-attempt reports into <c>sidecar_remote_read_*</c> metrics of one source:
/// request duration, responses by code, bytes and samples. Thread-safe and never throws.
/// </summary>
public sealed class RemoteReadMetricsObserver : IRemoteReadObserver
{
    private readonly SourceMetrics _metrics;

    /// <summary>Reports into <paramref name="metrics"/>.</summary>
    public RemoteReadMetricsObserver(SourceMetrics metrics)
    {
        _metrics = metrics;
    }

    /// <inheritdoc />
    public void OnRequestCompleted(RemoteReadRequestReport report)
    {
        if (report.Outcome is RemoteReadOutcome.Canceled or RemoteReadOutcome.CredentialsError)
        {
            // Nothing went over the wire that a latency or response count should describe.
            return;
        }

        _metrics.Duration.Observe(report.Duration.TotalSeconds);
        _metrics.CountResponseCode(CodeLabel(report));
        _metrics.Bytes.Inc(report.ResponseBytes);
        _metrics.Samples.Inc(report.Samples);
    }

    /// <summary>
    /// The <c>code</c> label of one attempt. A 2xx whose body failed to decode or broke a bound is a failure, not a
    /// 200, so that <c>code!~"2.."</c> (the shipped SidecarRemoteReadErrors rule) counts it.
    /// </summary>
    public static string CodeLabel(RemoteReadRequestReport report) => report.Outcome switch
    {
        RemoteReadOutcome.ProtocolError => "decode_error",
        RemoteReadOutcome.LimitExceeded => "limit_exceeded",
        RemoteReadOutcome.Timeout or RemoteReadOutcome.ConnectionError => "error",
        _ => report.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error",
    };
}
