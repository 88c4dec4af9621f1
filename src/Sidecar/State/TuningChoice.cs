namespace Sidecar.State;

/// <summary>
/// What continuous tuning last decided for one series, saved with its model: the grid combination in use (empty:
/// the selector's own <c>model:</c> settings), when it was decided, and the cross-validation error of the
/// combination in use, of the best one and of the runner-up. Immutable by convention.
/// </summary>
/// <param name="Settings">The grid keys and values in use, in grid order (as written in YAML); empty for the selector's own settings.</param>
/// <param name="Metric">The metric the errors are in (snake_case, e.g. <c>rmse</c>).</param>
/// <param name="TunedAtMs">When the series was last cross-validated (unix milliseconds).</param>
/// <param name="InUseError">Cross-validation error of the combination in use (NaN when unknown).</param>
/// <param name="WinnerError">Cross-validation error of the best combination (NaN when every one failed).</param>
/// <param name="RunnerUpError">Cross-validation error of the second best (NaN when there is none).</param>
public sealed record TuningChoice(
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    string Metric,
    long TunedAtMs,
    double InUseError,
    double WinnerError,
    double RunnerUpError);
