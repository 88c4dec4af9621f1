using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Config;

/// <summary>
/// Parameter tuning (<c>tuning:</c>): every combination of the <see cref="Grid"/> values is cross-validated and
/// the one with the best <see cref="Metric"/> is kept per series. Immutable.
/// </summary>
public sealed record TuningConfig
{
    /// <summary>The metric to minimise (<c>tuning.metric</c>, the snake_case member name).</summary>
    public MetricKind Metric { get; init; } = MetricKind.Rmse;

    /// <summary>Axes of the grid, in the order written.</summary>
    public IReadOnlyList<TuningParameter> Grid { get; init; } = [];

    /// <summary>Number of combinations (1 for an empty grid: the baseline alone).</summary>
    public long CandidateCount => Grid.Aggregate(1L, (n, p) => n * p.Values.Count);

    /// <summary>
    /// Every combination of grid values applied to <paramref name="baseline"/>, the first axis varying slowest.
    /// An empty grid yields <paramref name="baseline"/> alone.
    /// </summary>
    public IEnumerable<ModelOptions> Candidates(ModelOptions baseline) =>
        new TuningGrid(Grid).Expand(baseline).Select(c => c.Options);
}
