namespace Sidecar.Cli;

/// <summary>The type of a flag's value; values are checked when the command line is parsed.</summary>
public enum FlagKind
{
    /// <summary>Any text (or one of <see cref="FlagSpec.Choices"/>).</summary>
    String,

    /// <summary><c>--flag</c>, <c>--flag=true|false</c> or <c>--no-flag</c>.</summary>
    Bool,

    /// <summary>A 32-bit integer.</summary>
    Int,

    /// <summary>A finite number.</summary>
    Double,

    /// <summary>A Prometheus duration (<c>30s</c>, <c>1h30m</c>, <c>14d</c>).</summary>
    Duration,

    /// <summary>An RFC 3339 time (<c>2025-03-01T12:00:00Z</c>) or unix seconds (<c>1740830400</c>, fractions allowed).</summary>
    Timestamp,
}
