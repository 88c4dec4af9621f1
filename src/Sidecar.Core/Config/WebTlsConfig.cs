using System.Security.Authentication;

namespace Sidecar.Config;

/// <summary><c>tls_server_config</c> of a <see cref="WebConfig"/>. Paths are absolute. Immutable.</summary>
public sealed record WebTlsConfig
{
    /// <summary><c>cert_file</c>: the server certificate (PEM), with its chain.</summary>
    public required string CertFile { get; init; }

    /// <summary><c>key_file</c>: its private key (PEM).</summary>
    public required string KeyFile { get; init; }

    /// <summary><c>client_ca_file</c>: the CAs that client certificates are verified against, or null.</summary>
    public string? ClientCaFile { get; init; }

    /// <summary><c>client_auth_type</c>; default <see cref="ClientAuthType.NoClientCert"/>.</summary>
    public ClientAuthType ClientAuth { get; init; } = ClientAuthType.NoClientCert;

    /// <summary><c>min_version</c>; default TLS 1.2, as exporter-toolkit.</summary>
    public SslProtocols MinVersion { get; init; } = SslProtocols.Tls12;

    /// <summary><c>max_version</c>; default TLS 1.3.</summary>
    public SslProtocols MaxVersion { get; init; } = SslProtocols.Tls13;
}
