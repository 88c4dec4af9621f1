using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// What <c>backtest</c>, <c>cv</c> and <c>tune</c> run with, after merging config (when given) and flags. Immutable.
/// </summary>
/// <param name="Replay">Replay schedule and model options.</param>
/// <param name="CrossValidation">Cross-validation folds; the train window is the fit window, as in the sidecar.</param>
/// <param name="Grid">The config's tuning grid, or null when it has none.</param>
/// <param name="Metric">Metric tuning minimises.</param>
/// <param name="Parallelism">Files (backtest, cv) or candidates (tune) processed at once.</param>
public sealed record EvaluationSettings(
    ReplayOptions Replay,
    CrossValidationOptions CrossValidation,
    TuningGrid? Grid,
    MetricKind Metric,
    int Parallelism);
