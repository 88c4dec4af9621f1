using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Config;

/// <summary>
/// Parameter tuning (<c>tuning:</c>): every combination of the <see cref="Grid"/> values is cross-validated and
/// the one with the best <see cref="Metric"/> is kept per series: by <c>sidecartool tune</c> on demand, and by
/// <c>sidecar run</c> every <see cref="TuneEvery"/> (continuous tuning). Immutable.
/// </summary>
public sealed record TuningConfig
{
    /// <summary>The metric to minimise (<c>tuning.metric</c>, the snake_case member name).</summary>
    public MetricKind Metric { get; init; } = MetricKind.Rmse;

    /// <summary>Axes of the grid, in the order written.</summary>
    public IReadOnlyList<TuningParameter> Grid { get; init; } = [];

    /// <summary>
    /// How often <c>sidecar run</c> re-tunes each series (<c>tuning.tune_every</c>); <see cref="TimeSpan.Zero"/> turns
    /// continuous tuning off (the grid then serves <c>sidecartool tune</c> only).
    /// </summary>
    public TimeSpan TuneEvery { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The smallest relative improvement of the metric (0.05: 5 % lower) for which a series switches away from the
    /// combination in use (<c>tuning.min_improvement</c>); in [0, 1).
    /// </summary>
    public double MinImprovement { get; init; } = 0.05;

    /// <summary>
    /// The most time one tuning cycle (after a fit run) spends, on one thread (<c>tuning.cycle_budget</c>): the next
    /// cycle resumes with the series this one did not reach. At least one series is tuned per cycle.
    /// </summary>
    public TimeSpan CycleBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after a score above 1 a series keeps its parameters (<c>tuning.alert_hold</c>), as the shipped
    /// <c>AnomalyDetected</c> rule's <c>keep_firing_for</c>: never switch inside an alert episode.
    /// </summary>
    public TimeSpan AlertHold { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>True when <c>sidecar run</c> tunes continuously: a grid and a positive <see cref="TuneEvery"/>.</summary>
    public bool IsContinuous => Grid.Count > 0 && TuneEvery > TimeSpan.Zero;

    /// <summary>Number of combinations (1 for an empty grid: the baseline alone).</summary>
    public long CandidateCount => Grid.Aggregate(1L, (n, p) => n * p.Values.Count);

    /// <summary>
    /// Every combination of grid values applied to <paramref name="baseline"/>, the first axis varying slowest.
    /// An empty grid yields <paramref name="baseline"/> alone.
    /// </summary>
    public IEnumerable<ModelOptions> Candidates(ModelOptions baseline) =>
        new TuningGrid(Grid).Expand(baseline).Select(c => c.Options);
}
