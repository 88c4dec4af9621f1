namespace Sidecar.Config;

/// <summary>
/// One model output family, by its key in <c>exposition.families</c> and <c>remote_write[].families</c>. The keys are
/// these, whatever <c>output_naming</c> says; the metric names sent or exposed follow <c>output_naming</c>.
/// </summary>
public enum OutputFamily
{
    /// <summary><c>anomaly_score</c>.</summary>
    AnomalyScore,

    /// <summary><c>predicted</c> (vmanomaly: <c>yhat</c>).</summary>
    Predicted,

    /// <summary><c>predicted_lower</c> (vmanomaly: <c>yhat_lower</c>).</summary>
    PredictedLower,

    /// <summary><c>predicted_upper</c> (vmanomaly: <c>yhat_upper</c>).</summary>
    PredictedUpper,

    /// <summary><c>value</c> (vmanomaly: <c>y</c>): the scored value after shaping.</summary>
    Value,

    /// <summary><c>model_info</c>: the info metric <c>sidecar_series_model_info</c>.</summary>
    ModelInfo,
}
