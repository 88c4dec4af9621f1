namespace Sidecar.RemoteRead;

/// <summary>
/// One Alertmanager silence as <c>GET /api/v2/silences</c> lists it: its id, matchers, time range, author, comment and
/// state (<c>active</c>, <c>pending</c> or <c>expired</c>). Immutable.
/// </summary>
public sealed record Silence(
    string Id,
    IReadOnlyList<SilenceMatcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    string State);
