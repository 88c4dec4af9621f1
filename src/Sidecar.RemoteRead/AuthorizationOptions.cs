namespace Sidecar.RemoteRead;

/// <summary>
/// The <c>Authorization</c> header, as Prometheus's <c>authorization</c>: a scheme (<c>type</c>, default
/// <c>Bearer</c>) and either <c>credentials</c> or a <c>credentials_file</c> that is re-read on every request.
/// <see cref="ToString"/> never shows the credentials. Immutable; thread-safe.
/// </summary>
public sealed record AuthorizationOptions
{
    /// <summary><c>type</c>: the scheme, e.g. <c>Bearer</c>.</summary>
    public string Type { get; init; } = "Bearer";

    /// <summary><c>credentials</c>; a secret.</summary>
    public string? Credentials { get; init; }

    /// <summary><c>credentials_file</c>: path of a file holding the credentials (surrounding whitespace trimmed).</summary>
    public string? CredentialsFile { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"authorization{{type={Type}, credentials={(Credentials is null ? "<unset>" : "<secret>")}, credentials_file={CredentialsFile ?? "<unset>"}}}";
}
