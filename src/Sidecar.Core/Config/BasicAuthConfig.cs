namespace Sidecar.Config;

/// <summary>
/// <c>basic_auth</c>: exactly one of <see cref="Password"/> and <see cref="PasswordFile"/> may be set. The file is
/// read at request time (so a rotated password is picked up); its path is absolute, resolved against the config
/// file's directory. Immutable.
/// </summary>
public sealed record BasicAuthConfig
{
    /// <summary>User name.</summary>
    public string Username { get; init; } = "";

    /// <summary>Inline password, or null.</summary>
    public Secret? Password { get; init; }

    /// <summary>File holding the password, or null.</summary>
    public string? PasswordFile { get; init; }
}
