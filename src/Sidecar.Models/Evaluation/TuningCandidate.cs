namespace Sidecar.Models.Evaluation;

/// <summary>One grid combination and how it did in cross-validation. Immutable.</summary>
/// <param name="Settings">The grid keys and values that made it, in grid order.</param>
/// <param name="Options">The full options it was fitted with.</param>
/// <param name="Metrics">Cross-validation metrics over normal points; <see cref="ForecastMetrics.Empty"/> when it failed.</param>
/// <param name="Error">Why it failed (a fit threw), or null.</param>
public sealed record TuningCandidate(
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    ModelOptions Options,
    ForecastMetrics Metrics,
    string? Error);
