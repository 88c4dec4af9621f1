namespace Sidecar.RemoteRead;

/// <summary>
/// One matcher of an Alertmanager silence: <see cref="Name"/> <c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>
/// <see cref="Value"/> (<see cref="IsRegex"/> for the regex forms, <see cref="IsEqual"/> false for the negated ones).
/// Immutable.
/// </summary>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex, bool IsEqual)
{
    /// <summary>The matcher as a label matcher, with Prometheus's fully anchored regex semantics.</summary>
    public Matcher ToMatcher() => new(
        (IsRegex, IsEqual) switch
        {
            (false, true) => MatchType.Equal,
            (false, false) => MatchType.NotEqual,
            (true, true) => MatchType.RegexMatch,
            (true, false) => MatchType.RegexNoMatch,
        },
        Name,
        Value);
}
