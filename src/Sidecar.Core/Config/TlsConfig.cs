namespace Sidecar.Config;

/// <summary><c>tls_config</c>, as in Prometheus. File paths are absolute, resolved against the config file's directory. Immutable.</summary>
public sealed record TlsConfig
{
    /// <summary>CA certificate(s) to validate the server with, PEM; null uses the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>Client certificate, PEM, for mutual TLS (with <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; init; }

    /// <summary>Client private key, PEM.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Name the server certificate must be valid for, when it differs from the URL's host; or null.</summary>
    public string? ServerName { get; init; }

    /// <summary>Skip server certificate verification (never in production).</summary>
    public bool InsecureSkipVerify { get; init; }
}
