namespace Sidecar.Config;

/// <summary>
/// The <c>--web.config.file</c>, in Prometheus's exporter-toolkit format: TLS for the sidecar's own endpoints,
/// basic authentication with bcrypt hashes, and extra response headers. Paths are absolute. Immutable.
/// </summary>
public sealed record WebConfig
{
    /// <summary><c>tls_server_config</c>; null to serve plain HTTP.</summary>
    public WebTlsConfig? Tls { get; init; }

    /// <summary><c>basic_auth_users</c>: user name to bcrypt hash; empty for no authentication.</summary>
    public IReadOnlyDictionary<string, string> BasicAuthUsers { get; init; } = new Dictionary<string, string>();

    /// <summary><c>http_server_config.headers</c>: added to every response.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
