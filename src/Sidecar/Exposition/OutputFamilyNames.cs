namespace Sidecar.Exposition;

/// <summary>
/// The metric names and the selector label of the model output gauges: ours (<see cref="Default"/>) or those of
/// VictoriaMetrics' anomaly detector (<see cref="Vmanomaly"/>, so its rules and dashboards work unchanged). Immutable.
/// </summary>
public sealed record OutputFamilyNames(
    string AnomalyScore,
    string Predicted,
    string PredictedLower,
    string PredictedUpper,
    string Value,
    string SelectorLabel)
{
    /// <summary>Label holding the source metric name.</summary>
    public const string MetricLabel = "metric";

    /// <summary>Label <c>--shard.replica</c> adds to every family on <c>/metrics</c>.</summary>
    public const string ReplicaLabel = "replica";

    /// <summary>Label of <see cref="ModelInfo"/> holding the model family that produced the output.</summary>
    public const string ModelLabel = "model";

    /// <summary>
    /// The info metric naming the model family of each series, <c>{series labels, model="..."} 1</c>. Its name is ours
    /// in either naming (vmanomaly has no such metric); its series labels follow the naming, as the gauges' do.
    /// </summary>
    public const string ModelInfo = "sidecar_series_model_info";

    /// <summary>Our own names.</summary>
    public static OutputFamilyNames Default { get; } =
        new("anomaly_score", "predicted", "predicted_lower", "predicted_upper", "value", "selector");

    /// <summary>The names VictoriaMetrics' anomaly detector writes.</summary>
    public static OutputFamilyNames Vmanomaly { get; } =
        new("anomaly_score", "yhat", "yhat_lower", "yhat_upper", "y", "for");
}
