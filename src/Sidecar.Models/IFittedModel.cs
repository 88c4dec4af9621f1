namespace Sidecar.Models;

/// <summary>
/// A fitted model: immutable parameters that predict a value and its band at any timestamp. Thread-safe
/// (immutable). Timestamps are unix milliseconds.
/// </summary>
public interface IFittedModel
{
    /// <summary>The family this model belongs to (never <see cref="ModelKind.Auto"/>).</summary>
    ModelKind Kind { get; }

    /// <summary>The options it was fitted with (band width, direction, thresholds used by scoring).</summary>
    ModelOptions Options { get; }

    /// <summary>Writes <c>predicted</c>, <c>predicted_lower</c> and <c>predicted_upper</c> for each timestamp.</summary>
    void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper);

    /// <summary>
    /// The sustained-deviation limits below and above predicted: the mean signed point score over
    /// <see cref="ModelOptions.SustainedWindowSeconds"/> at which the sustained score is 1 (in (0, 1]; +∞ switches it off
    /// on that side). Calibrated at the fit on the same out-of-sample errors as the band (see
    /// <see cref="Scoring.AnomalyScore.Sustained"/>).
    /// </summary>
    (double Low, double High) SustainedLimits => (double.PositiveInfinity, double.PositiveInfinity);

    /// <summary>
    /// As <see cref="Predict"/>, for forecasts ahead of now (the remote-read forecast, cross-validation): the band
    /// widened by how far each timestamp lies past the end of the history the model was fitted on, as calibrated at
    /// fit time (up to two hours past it, the band of <see cref="Predict"/>). Scores (detection) always use
    /// <see cref="Predict"/>. The default widens nothing.
    /// </summary>
    void PredictAhead(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper) =>
        Predict(timestampsMs, predicted, lower, upper);

    /// <summary>
    /// The lowest <c>predicted_lower</c> to show: 0 for a series that was never negative while the model was fitted, −∞
    /// otherwise. The score is computed on the band that <see cref="Predict"/> writes; only what is shown (the exposed
    /// gauge, the backtest's column) is raised to this floor, by <see cref="ShownLower"/>. So a count's band does not
    /// reach below zero on a dashboard, while its scores (and alerts) are exactly those of the unbounded band: a
    /// value at the floor scores below 1 wherever the band reached past it.
    /// </summary>
    double LowerFloor => double.NegativeInfinity;

    /// <summary>The lower edge to show for a prediction: <paramref name="lower"/> raised to the model's floor (never above <paramref name="predicted"/>).</summary>
    static double ShownLower(IFittedModel model, double predicted, double lower) =>
        Math.Max(lower, Math.Min(model.LowerFloor, predicted));
}
