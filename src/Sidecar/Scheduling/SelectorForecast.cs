namespace Sidecar.Scheduling;

/// <summary>
/// A selector's forecastable series at one moment: its step (milliseconds), the latest step it published a prediction
/// for (unix ms; null before the first), and its published series with their current models. Immutable.
/// </summary>
public sealed record SelectorForecast(string Selector, long StepMs, long? LatestStepMs, IReadOnlyList<ForecastSeries> Series);
