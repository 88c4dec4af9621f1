namespace Sidecar.Cli;

/// <summary>
/// A flag a command accepts, named without dashes in Prometheus style (<c>config.file</c> for
/// <c>--config.file</c>). Create with the factory methods; immutable.
/// </summary>
public sealed record FlagSpec
{
    private FlagSpec(string name, FlagKind kind, string help)
    {
        Name = name;
        Kind = kind;
        Help = help;
    }

    /// <summary>Long name without the leading <c>--</c>.</summary>
    public string Name { get; }

    /// <summary>Value type.</summary>
    public FlagKind Kind { get; }

    /// <summary>One-line description for <c>--help</c>.</summary>
    public string Help { get; }

    /// <summary>Placeholder shown in help (<c>--config.file=FILE</c>).</summary>
    public string Placeholder { get; init; } = "VALUE";

    /// <summary>Value used when the flag is absent (in the flag's own syntax), or null.</summary>
    public string? Default { get; init; }

    /// <summary>True when the command cannot run without it.</summary>
    public bool Required { get; init; }

    /// <summary>True when the flag may be given several times (all values are kept, in order).</summary>
    public bool Repeatable { get; init; }

    /// <summary>Allowed values of a string flag, or null for any.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>A one-letter alias (<c>-o</c>), or null.</summary>
    public char? Short { get; init; }

    /// <summary>A text flag.</summary>
    public static FlagSpec String(string name, string help, string placeholder = "VALUE") =>
        new(name, FlagKind.String, help) { Placeholder = placeholder };

    /// <summary>A switch.</summary>
    public static FlagSpec Bool(string name, string help) => new(name, FlagKind.Bool, help) { Default = "false" };

    /// <summary>An integer flag.</summary>
    public static FlagSpec Int(string name, string help, string placeholder = "N") =>
        new(name, FlagKind.Int, help) { Placeholder = placeholder };

    /// <summary>A number flag.</summary>
    public static FlagSpec Double(string name, string help, string placeholder = "NUMBER") =>
        new(name, FlagKind.Double, help) { Placeholder = placeholder };

    /// <summary>A duration flag.</summary>
    public static FlagSpec Duration(string name, string help, string placeholder = "DURATION") =>
        new(name, FlagKind.Duration, help) { Placeholder = placeholder };

    /// <summary>A point-in-time flag.</summary>
    public static FlagSpec Timestamp(string name, string help, string placeholder = "TIME") =>
        new(name, FlagKind.Timestamp, help) { Placeholder = placeholder };
}
