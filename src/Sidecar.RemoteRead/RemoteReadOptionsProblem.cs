namespace Sidecar.RemoteRead;

/// <summary>
/// One problem <see cref="RemoteReadClientOptions.Validate"/> found: the key it concerns (dotted, e.g.
/// <c>basic_auth</c> or <c>headers.Authorization</c>; empty for the entry as a whole) and what is wrong.
/// Immutable.
/// </summary>
/// <param name="Key">The key the message is about; empty for the options as a whole.</param>
/// <param name="Message">What is wrong, e.g. <c>must be at least 1, got 0</c>.</param>
public sealed record RemoteReadOptionsProblem(string Key, string Message)
{
    /// <summary>The key whose value is at fault, to point at it (e.g. in a config file); <see cref="Key"/> unless said otherwise.</summary>
    public string At { get; init; } = Key;

    /// <summary><c>key: message</c>, or the message alone when <see cref="Key"/> is empty.</summary>
    public override string ToString() => Key.Length == 0 ? Message : $"{Key}: {Message}";
}
