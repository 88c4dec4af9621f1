namespace Sidecar.State;

/// <summary>
/// A window that people asked to leave out of fitting while the service runs: [<see cref="StartMs"/>,
/// <see cref="EndMs"/>) in unix milliseconds, for the series <see cref="Matcher"/> (a PromQL series selector, as
/// written) selects, within the selector named <see cref="Selector"/> or within every selector when null.
/// <see cref="Source"/> is <c>api</c> (added over <c>/api/v1/exclusions</c>) or <c>alertmanager</c> (a silence, whose
/// id is <see cref="Id"/> after <c>silence-</c>). <see cref="Expected"/>: the window's deviations are normal, so it is
/// kept in the fit and the band widened to hold them (<c>sidecar:expected</c>), instead of left out. Immutable.
/// </summary>
public sealed record Exclusion(
    string Id,
    long StartMs,
    long EndMs,
    string Matcher,
    string? Selector,
    string Comment,
    string CreatedBy,
    long CreatedAtMs,
    string Source = Exclusion.ApiSource,
    bool Expected = false)
{
    /// <summary>The <see cref="Source"/> of an exclusion added over the HTTP API.</summary>
    public const string ApiSource = "api";

    /// <summary>The <see cref="Source"/> of an exclusion that mirrors an Alertmanager silence.</summary>
    public const string AlertmanagerSource = "alertmanager";

    /// <summary><c>expected</c> or <c>exclude</c>, as the <c>kind</c> label and JSON field show it.</summary>
    public string Kind => Expected ? "expected" : "exclude";
}
