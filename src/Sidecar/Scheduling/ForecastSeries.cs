using Sidecar.Exposition;
using Sidecar.Models;

namespace Sidecar.Scheduling;

/// <summary>
/// One published series and its current model, for forecasts: the labels of its prediction gauges (sorted, without
/// <c>__name__</c>) and what the model predicts at any time. Immutable and thread-safe (the model is).
/// </summary>
public sealed class ForecastSeries
{
    private readonly IFittedModel _model;

    internal ForecastSeries(IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, IFittedModel model)
    {
        LabelNames = labelNames;
        LabelValues = labelValues;
        _model = model;
    }

    /// <summary>Label names of the gauges on <c>/metrics</c>, sorted.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Label values, one per name.</summary>
    public IReadOnlyList<string> LabelValues { get; }

    /// <summary>
    /// Writes <c>predicted</c>, the shown lower edge and the upper edge at <paramref name="timestampsMs"/> (unix
    /// milliseconds), exactly as <c>/metrics</c> shows them at its step.
    /// </summary>
    public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper) =>
        SeriesPublisher.Forecast(_model, timestampsMs, predicted, lower, upper);
}
