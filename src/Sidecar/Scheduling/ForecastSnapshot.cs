using Sidecar.Exposition;

namespace Sidecar.Scheduling;

/// <summary>Every selector's forecast at one moment, and the family names in use (<c>output_naming</c>). Immutable.</summary>
public sealed record ForecastSnapshot(OutputFamilyNames Names, IReadOnlyList<SelectorForecast> Selectors);
