namespace Sidecar.Models;

/// <summary>
/// Entry point: fit a series → an immutable <see cref="IFittedModel"/>. For many series on one time grid,
/// build a <see cref="FitGrid"/> once and call <see cref="FitGrid.Fit"/> per series instead. Pure and
/// thread-safe: no I/O, no clock; the same input always gives the same model.
/// </summary>
public static class ModelFitter
{
    /// <summary>
    /// Fits <paramref name="values"/> (NaN = missing) observed at <paramref name="timestampsMs"/> (unix ms,
    /// non-decreasing) with <paramref name="options"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, unordered timestamps, an unknown time zone or invalid options.</exception>
    public static IFittedModel Fit(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ModelOptions options) =>
        new FitGrid(timestampsMs, options).Fit(values);
}
