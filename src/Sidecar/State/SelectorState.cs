namespace Sidecar.State;

/// <summary>
/// Everything needed to serve a selector's predictions after a restart without refitting: the settings hash its
/// models were fitted under (a changed selector must not restore stale models), the time of the fit run (unix
/// milliseconds) and the models. Immutable by convention.
/// </summary>
public sealed record SelectorState(string Selector, string SettingsHash, long FittedAtMs, IReadOnlyList<SeriesState> Series);
