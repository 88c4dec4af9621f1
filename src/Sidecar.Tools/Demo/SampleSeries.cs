using Sidecar.RemoteRead;

namespace Sidecar.Tools.Demo;

/// <summary>
/// One generated series: its labels (with <c>__name__</c>), its kind and how big it is. Immutable.
/// </summary>
/// <param name="Labels">Full label set including <c>__name__</c>.</param>
/// <param name="Kind">Counter or gauge.</param>
/// <param name="PeakLevel">Rate in events per second (counters) or level (gauges) at a relative load of 1.0.</param>
/// <param name="AnomalyFactor">Multiplier of the normal rate or level during the anomaly (1 when unaffected).</param>
/// <param name="AnomalyExtraLevel">Rate or level added during the anomaly at a relative load of 1.0.</param>
public sealed record SampleSeries(
    LabelSet Labels,
    SampleSeriesKind Kind,
    double PeakLevel,
    double AnomalyFactor = 1.0,
    double AnomalyExtraLevel = 0.0)
{
    /// <summary>True when the anomaly changes this series.</summary>
    public bool IsAnomalous => AnomalyFactor != 1.0 || AnomalyExtraLevel != 0.0;
}
