using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// Self-metrics of the remote-read endpoint that serves forecasts: requests by HTTP status code and points served.
/// The codes 200, 400 and 500 start at zero, so <c>increase()</c> sees the
/// first one. Thread-safe.
/// </summary>
public sealed class ForecastReadMetrics
{
    private readonly Counter _requests;

    /// <summary>Creates the families in the registry behind <paramref name="metrics"/>.</summary>
    public ForecastReadMetrics(IMetricFactory metrics)
    {
        _requests = metrics.CreateCounter(
            "sidecar_forecast_read_requests_total",
            "Remote-read requests to /api/v1/read (forecasts of the prediction families) by HTTP status code.",
            ["code"]);
        foreach (var code in new[] { "200", "400", "500" })
        {
            _requests.WithLabels(code);
        }

        Samples = metrics.CreateCounter(
            "sidecar_forecast_read_samples_total", "Forecast points served over remote read (one per series and timestamp).");
    }

    /// <summary><c>sidecar_forecast_read_samples_total</c>.</summary>
    public Counter Samples { get; }

    /// <summary>Counts one request answered with <paramref name="status"/>.</summary>
    public void Answered(int status) => _requests.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
}
