namespace Sidecar.RemoteRead;

/// <summary>
/// HTTP basic authentication, as Prometheus's <c>basic_auth</c>: a username and either a password or a
/// <c>password_file</c> that is re-read on every request (so rotated secrets take effect without a restart).
/// <see cref="ToString"/> never shows the password. Immutable; thread-safe.
/// </summary>
public sealed record BasicAuthOptions
{
    /// <summary><c>username</c>.</summary>
    public string Username { get; init; } = "";

    /// <summary><c>password</c>; a secret.</summary>
    public string? Password { get; init; }

    /// <summary><c>password_file</c>: path of a file holding the password (surrounding whitespace trimmed).</summary>
    public string? PasswordFile { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"basic_auth{{username={Username}, password={(Password is null ? "<unset>" : "<secret>")}, password_file={PasswordFile ?? "<unset>"}}}";
}
