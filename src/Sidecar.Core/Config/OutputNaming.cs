namespace Sidecar.Config;

/// <summary>Names of the exposed gauges (<c>output_naming</c>).</summary>
public enum OutputNaming
{
    /// <summary><c>anomaly_score</c>, <c>predicted</c>, <c>predicted_lower</c>, <c>predicted_upper</c>, label <c>selector</c>.</summary>
    Default,

    /// <summary>
    /// As VictoriaMetrics' anomaly detector: <c>anomaly_score</c>, <c>yhat</c>, <c>yhat_lower</c>, <c>yhat_upper</c>,
    /// label <c>for</c>.
    /// </summary>
    Vmanomaly,
}
