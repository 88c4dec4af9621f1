namespace Sidecar.RemoteRead;

/// <summary>The four PromQL label matcher operators.</summary>
public enum MatchType
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>=~</c>, a fully anchored RE2-style regular expression.</summary>
    RegexMatch,

    /// <summary><c>!~</c></summary>
    RegexNoMatch,
}
