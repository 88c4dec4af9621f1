namespace Sidecar.RemoteRead;

/// <summary>
/// TLS settings, as Prometheus's <c>tls_config</c>. Files are PEM and are re-read when they change on disk (checked
/// on each new connection). Immutable; thread-safe.
/// </summary>
public sealed record TlsOptions
{
    /// <summary><c>ca_file</c>: CA certificates that replace the system roots for verifying the server.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>cert_file</c>: client certificate for mutual TLS (needs <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; init; }

    /// <summary><c>key_file</c>: the client certificate's private key.</summary>
    public string? KeyFile { get; init; }

    /// <summary>
    /// <c>server_name</c>: the name the server certificate must be valid for, when it differs from the URL's host.
    /// (The TLS SNI still carries the URL's host.)
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary><c>insecure_skip_verify</c>: accept any server certificate. For tests only.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"tls_config{{ca_file={CaFile ?? "<unset>"}, cert_file={CertFile ?? "<unset>"}, key_file={KeyFile ?? "<unset>"}, " +
        $"server_name={ServerName ?? "<unset>"}, insecure_skip_verify={(InsecureSkipVerify ? "true" : "false")}}}";
}
