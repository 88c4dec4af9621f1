using Sidecar.Models;

namespace Sidecar.Scheduling;

/// <summary>The real models: a <see cref="FitGrid"/> per grid and options. Thread-safe (stateless).</summary>
public sealed class GridModelFitter : IModelFitter
{
    /// <inheritdoc />
    public SeriesFit Prepare(long[] timestampsMs, ModelOptions options) => new FitGrid(timestampsMs, options).Fit;
}
