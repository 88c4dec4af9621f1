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
}
