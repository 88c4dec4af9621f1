namespace Sidecar.Models.Evaluation;

/// <summary>
/// Fits one model on a stretch of history. Evaluation calls it with observed points only (never a NaN value,
/// never a point at or after the first timestamp it will be asked to score), timestamps in unix milliseconds,
/// ascending. Implementations must be deterministic and safe to call from several threads at once.
/// </summary>
/// <param name="timestampsMs">Training timestamps, unix milliseconds, non-decreasing.</param>
/// <param name="values">Training values, same length, all finite.</param>
/// <param name="options">The options to fit with.</param>
/// <returns>An immutable fitted model.</returns>
public delegate IFittedModel ModelFit(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ModelOptions options);
