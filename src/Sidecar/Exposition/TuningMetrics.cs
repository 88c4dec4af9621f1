using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// One selector's continuous-tuning self-metrics (label <c>selector</c>), published at zero on creation; removed by
/// <see cref="Dispose"/>. Thread-safe.
/// </summary>
public sealed class TuningMetrics : IDisposable
{
    /// <summary>The decisions of <c>sidecar_tuning_series_total</c>.</summary>
    public static readonly IReadOnlyList<string> Decisions = ["switched", "kept", "held", "failed"];

    /// <summary>The outcomes of <c>sidecar_tuning_cycles_total</c>.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["completed", "budget", "fit_due"];

    private readonly SelfMetrics _families;
    private readonly string _selector;

    internal TuningMetrics(SelfMetrics families, string selector)
    {
        _families = families;
        _selector = selector;
        foreach (var decision in Decisions)
        {
            families.TuningSeries.WithLabels(selector, decision).IncTo(0);
        }

        foreach (var outcome in Outcomes)
        {
            families.TuningCycles.WithLabels(selector, outcome).IncTo(0);
        }

        CycleDuration = families.TuningCycleDuration.WithLabels(selector);
        Due = families.TuningDue.WithLabels(selector);
        Due.Set(0);
    }

    /// <summary>Tuning cycle durations, seconds.</summary>
    public Histogram.Child CycleDuration { get; }

    /// <summary>Series due for tuning after the last cycle.</summary>
    public Gauge.Child Due { get; }

    /// <summary>Counts one series' decision (one of <see cref="Decisions"/>).</summary>
    public void Series(string decision) => _families.TuningSeries.WithLabels(_selector, decision).Inc();

    /// <summary>Counts one cycle's outcome (one of <see cref="Outcomes"/>).</summary>
    public void Cycle(string outcome) => _families.TuningCycles.WithLabels(_selector, outcome).Inc();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var decision in Decisions)
        {
            _families.TuningSeries.RemoveLabelled(_selector, decision);
        }

        foreach (var outcome in Outcomes)
        {
            _families.TuningCycles.RemoveLabelled(_selector, outcome);
        }

        _families.TuningCycleDuration.RemoveLabelled(_selector);
        _families.TuningDue.RemoveLabelled(_selector);
    }
}
