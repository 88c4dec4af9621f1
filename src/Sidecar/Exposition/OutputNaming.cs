namespace Sidecar.Exposition;

/// <summary>How the model output gauges are named on <c>/metrics</c>.</summary>
public enum OutputNaming
{
    /// <summary>
    /// <c>anomaly_score</c>, <c>predicted</c>, <c>predicted_lower</c>, <c>predicted_upper</c>, <c>value</c>, with a
    /// <c>selector</c> label.
    /// </summary>
    Default,

    /// <summary>
    /// VictoriaMetrics anomaly detector names: <c>anomaly_score</c>, <c>yhat</c>, <c>yhat_lower</c>, <c>yhat_upper</c>,
    /// <c>y</c>, with a <c>for</c> label instead of <c>selector</c>, so rules and dashboards written for vmanomaly work.
    /// </summary>
    Vmanomaly,
}
