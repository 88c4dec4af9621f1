namespace Sidecar.Cli;

/// <summary>
/// A command line after parsing: flag values (already checked against their <see cref="FlagKind"/>) and the
/// positional arguments. Getters take the command's own <see cref="FlagSpec"/>; an absent flag gives its
/// <see cref="FlagSpec.Default"/>, or null. Immutable.
/// </summary>
public sealed class ParsedArguments
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _values;

    /// <summary>Creates the result; <paramref name="values"/> are raw texts keyed by flag name.</summary>
    public ParsedArguments(IReadOnlyDictionary<string, IReadOnlyList<string>> values, IReadOnlyList<string> positionals)
    {
        _values = values;
        Positionals = positionals;
    }

    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when the flag was given on the command line (defaults do not count).</summary>
    public bool IsSet(FlagSpec flag) => _values.ContainsKey(flag.Name);

    /// <summary>Every value given for a repeatable flag (or the default alone, or none).</summary>
    public IReadOnlyList<string> Strings(FlagSpec flag) =>
        _values.TryGetValue(flag.Name, out var list) ? list : flag.Default is { } d ? [d] : [];

    /// <summary>The (last) value of a string flag, or its default, or null.</summary>
    public string? String(FlagSpec flag) => Raw(flag);

    /// <summary>A switch: true when given (or defaulted) true.</summary>
    public bool Bool(FlagSpec flag) => Convert<bool>(flag) ?? false;

    /// <summary>An integer flag's value, or null.</summary>
    public int? Int(FlagSpec flag) => Convert<int>(flag);

    /// <summary>A number flag's value, or null.</summary>
    public double? Double(FlagSpec flag) => Convert<double>(flag);

    /// <summary>A duration flag's value, or null.</summary>
    public TimeSpan? Duration(FlagSpec flag) => Convert<TimeSpan>(flag);

    /// <summary>A timestamp flag's value, or null.</summary>
    public DateTimeOffset? Timestamp(FlagSpec flag) => Convert<DateTimeOffset>(flag);

    private string? Raw(FlagSpec flag) => _values.TryGetValue(flag.Name, out var list) ? list[^1] : flag.Default;

    private T? Convert<T>(FlagSpec flag)
        where T : struct
    {
        if (Raw(flag) is not { } text)
        {
            return null;
        }

        if (!FlagValues.TryConvert(flag, text, out var value, out var error))
        {
            throw new UsageException(error);
        }

        return value is T typed ? typed : throw new InvalidOperationException($"--{flag.Name} is a {flag.Kind} flag, not {typeof(T).Name}");
    }
}
