namespace Sidecar.State;

/// <summary>
/// A window that people asked to leave out of fitting while the service runs: [<see cref="StartMs"/>,
/// <see cref="EndMs"/>) in unix milliseconds, for the series <see cref="Matcher"/> (a PromQL series selector, as
/// written) selects, within the selector named <see cref="Selector"/> or within every selector when null. Immutable.
/// </summary>
public sealed record Exclusion(
    string Id,
    long StartMs,
    long EndMs,
    string Matcher,
    string? Selector,
    string Comment,
    string CreatedBy,
    long CreatedAtMs);
