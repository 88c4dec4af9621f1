using Sidecar.RemoteRead;

namespace Sidecar.Config;

/// <summary>Turns a validated <c>remote_read</c> entry into the options of <see cref="RemoteReadClient"/>.</summary>
public static class RemoteReadConfigExtensions
{
    /// <summary>The client options for <paramref name="config"/>; secrets are revealed into the options only.</summary>
    public static RemoteReadClientOptions ToClientOptions(this RemoteReadConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new RemoteReadClientOptions
        {
            Url = config.Url,
            RemoteTimeout = config.RemoteTimeout,
            Headers = config.Headers,
            BasicAuth = config.BasicAuth is { } basic
                ? new BasicAuthOptions { Username = basic.Username, Password = basic.Password?.Reveal(), PasswordFile = basic.PasswordFile }
                : null,
            Authorization = config.Authorization is { } auth
                ? new AuthorizationOptions { Type = auth.Type, Credentials = auth.Credentials?.Reveal(), CredentialsFile = auth.CredentialsFile }
                : null,
            TlsConfig = config.Tls == new TlsConfig()
                ? null
                : new TlsOptions
                {
                    CaFile = config.Tls.CaFile,
                    CertFile = config.Tls.CertFile,
                    KeyFile = config.Tls.KeyFile,
                    ServerName = config.Tls.ServerName,
                    InsecureSkipVerify = config.Tls.InsecureSkipVerify,
                },
            MaxRequestRange = config.MaxRequestRange,
            MaxConcurrentRequests = config.MaxConcurrentRequests,
            MaxRetries = config.MaxRetries,
            MinBackoff = config.MinBackoff,
            MaxBackoff = config.MaxBackoff,
            MaxFrameBytes = (int)Math.Min(config.MaxFrameBytes, int.MaxValue),
            MaxResponseBytes = config.MaxResponseBytes,
            MaxSamplesPerRequest = config.MaxSamplesPerRequest,
        };
    }
}
