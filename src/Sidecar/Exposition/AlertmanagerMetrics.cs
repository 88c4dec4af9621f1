using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// The self-metrics of the silence poll: <c>sidecar_alertmanager_polls_total{outcome}</c> (<c>success</c>,
/// <c>error</c>), <c>sidecar_alertmanager_last_success_timestamp_seconds</c>, and the silences of the last successful
/// poll that became exclusions (<c>sidecar_alertmanager_silence_exclusions</c>) or were marked but refused
/// (<c>sidecar_alertmanager_silences_refused</c>, each refusal logged). Thread-safe.
/// </summary>
public sealed class AlertmanagerMetrics
{
    private readonly Counter _polls;

    /// <summary>Creates the families in the registry behind <paramref name="metrics"/>.</summary>
    public AlertmanagerMetrics(IMetricFactory metrics)
    {
        _polls = metrics.CreateCounter("sidecar_alertmanager_polls_total", "Reads of the Alertmanager silences, by outcome.", ["outcome"]);
        Succeeded = _polls.WithLabels("success");
        Failed = _polls.WithLabels("error");
        LastSuccess = metrics.CreateGauge(
            "sidecar_alertmanager_last_success_timestamp_seconds", "When the silences were last read (unix seconds).");
        Exclusions = metrics.CreateGauge(
            "sidecar_alertmanager_silence_exclusions", "Silences of the last successful read that are exclusions now.");
        Refused = metrics.CreateGauge(
            "sidecar_alertmanager_silences_refused", "Silences of the last successful read with a sidecar: marker that could not be used (see the log).");
    }

    /// <summary>Successful reads.</summary>
    public Counter.Child Succeeded { get; }

    /// <summary>Failed reads (the previous exclusions stay).</summary>
    public Counter.Child Failed { get; }

    /// <summary>Time of the last successful read.</summary>
    public Gauge LastSuccess { get; }

    /// <summary>Exclusions from silences.</summary>
    public Gauge Exclusions { get; }

    /// <summary>Marked silences refused.</summary>
    public Gauge Refused { get; }
}
