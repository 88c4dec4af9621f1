namespace Sidecar.Scheduling;

/// <summary>
/// An exclusion as asked for over the HTTP API, not yet checked: times as written (RFC 3339 or unix seconds), the
/// series selector as written, the optional selector name and comment. Immutable.
/// </summary>
public sealed record ExclusionDraft(string? Start, string? End, string? Matcher, string? Selector, string? Comment);
