namespace Sidecar.Config;

/// <summary>
/// <c>authorization</c> (and the older <c>bearer_token_file</c>, which becomes <c>type: Bearer</c> with a
/// credentials file): sends <c>Authorization: &lt;Type&gt; &lt;credentials&gt;</c>. At most one of
/// <see cref="Credentials"/> and <see cref="CredentialsFile"/>; the file is read at request time, its path
/// absolute. Immutable.
/// </summary>
public sealed record AuthorizationConfig
{
    /// <summary>The scheme, <c>Bearer</c> by default.</summary>
    public string Type { get; init; } = "Bearer";

    /// <summary>Inline credentials, or null.</summary>
    public Secret? Credentials { get; init; }

    /// <summary>File holding the credentials, or null.</summary>
    public string? CredentialsFile { get; init; }
}
