using Sidecar.RemoteRead;

namespace Sidecar.Config.Binding;

/// <summary>Turns a <c>remote_read</c> entry into the options of <see cref="RemoteReadClient"/>. Thread-safe (stateless).</summary>
public static class RemoteReadOptionsMapper
{
    /// <summary>The client options for <paramref name="config"/>; secrets are revealed here, for the client only.</summary>
    public static RemoteReadClientOptions ToClientOptions(this RemoteReadConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tls = config.Tls;
        return new RemoteReadClientOptions
        {
            Url = config.Url,
            RemoteTimeout = config.RemoteTimeout,
            Headers = new Dictionary<string, string>(config.Headers, StringComparer.OrdinalIgnoreCase),
            BasicAuth = config.BasicAuth is { } basic
                ? new BasicAuthOptions { Username = basic.Username, Password = basic.Password?.Reveal(), PasswordFile = basic.PasswordFile }
                : null,
            Authorization = config.Authorization is { } auth
                ? new AuthorizationOptions { Type = auth.Type, Credentials = auth.Credentials?.Reveal(), CredentialsFile = auth.CredentialsFile }
                : null,
            TlsConfig = tls == new TlsConfig()
                ? null
                : new TlsOptions
                {
                    CaFile = tls.CaFile,
                    CertFile = tls.CertFile,
                    KeyFile = tls.KeyFile,
                    ServerName = tls.ServerName,
                    InsecureSkipVerify = tls.InsecureSkipVerify,
                },
            MaxRequestRange = config.MaxRequestRange,
            MaxConcurrentRequests = config.MaxConcurrentRequests,
            MaxRetries = config.MaxRetries,
            MinBackoff = config.MinBackoff,
            MaxBackoff = config.MaxBackoff,
            MaxFrameBytes = checked((int)config.MaxFrameBytes),
            MaxResponseBytes = config.MaxResponseBytes,
            MaxSamplesPerRequest = config.MaxSamplesPerRequest,
        };
    }
}
