using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sidecar.Config;

namespace Sidecar.Web;

/// <summary>
/// One loaded web config, ready to serve: the TLS options of a new connection and the basic-auth check.
/// Thread-safe; disposing drops its certificates.
/// </summary>
public sealed class WebSettings : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2? _certificate;
    private readonly X509Certificate2Collection? _clientCas;
    private readonly SslStreamCertificateContext? _context;

    // bcrypt costs milliseconds by design; a scraper sends the same credentials every interval, so a verified
    // (user, SHA-256 of password) pair is remembered for this config's lifetime.
    private readonly ConcurrentDictionary<(string User, string Digest), bool> _verified = new();

    private WebSettings(WebConfig config)
    {
        Config = config;
        if (config.Tls is { } tls)
        {
            _certificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(tls.CertFile);
            _context = SslStreamCertificateContext.Create(_certificate, chain, offline: true);
            if (tls.ClientCaFile is { } ca)
            {
                _clientCas = [];
                _clientCas.ImportFromPemFile(ca);
            }
        }
    }

    /// <summary>No web config: plain HTTP, no authentication.</summary>
    public static WebSettings None { get; } = new(new WebConfig());

    /// <summary>The config these settings come from.</summary>
    public WebConfig Config { get; }

    /// <summary>True when requests must carry one of <see cref="WebConfig.BasicAuthUsers"/>.</summary>
    public bool RequiresAuthentication => Config.BasicAuthUsers.Count > 0;

    /// <summary>Builds the settings; reads the certificate, key and client CAs.</summary>
    /// <exception cref="CryptographicException">A PEM file does not hold what it should.</exception>
    public static WebSettings From(WebConfig config) => new(config);

    /// <summary>The server side of one TLS handshake, as <c>tls_server_config</c> says.</summary>
    public SslServerAuthenticationOptions ServerOptions()
    {
        var tls = Config.Tls ?? throw new InvalidOperationException("no tls_server_config");
        var protocols = SslProtocols.None;
        foreach (var p in new[] { SslProtocols.Tls12, SslProtocols.Tls13 })
        {
            if (p >= tls.MinVersion && p <= tls.MaxVersion)
            {
                protocols |= p;
            }
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _context,
            EnabledSslProtocols = protocols,
            ClientCertificateRequired = tls.ClientAuth != ClientAuthType.NoClientCert,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => AcceptsClient(tls.ClientAuth, certificate),
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            AllowRenegotiation = false,
        };
    }

    /// <summary>True when the <c>Authorization</c> header holds basic credentials of a configured user.</summary>
    public bool Authenticates(string? authorization) => Authenticates(authorization, out _);

    /// <summary>
    /// True when the <c>Authorization</c> header holds basic credentials of a configured user, who is then
    /// <paramref name="user"/>; <paramref name="user"/> is null when no authentication is configured.
    /// </summary>
    public bool Authenticates(string? authorization, out string? user)
    {
        user = null;
        if (!RequiresAuthentication)
        {
            return true;
        }

        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string name, password;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            (name, password) = (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!Config.BasicAuthUsers.TryGetValue(name, out var hash))
        {
            // Spend about the time a real check takes, so that timing does not tell which users exist.
            Verify(password, Config.BasicAuthUsers.Values.First());
            return false;
        }

        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        if (!_verified.GetOrAdd((name, digest), _ => Verify(password, hash)))
        {
            return false;
        }

        user = name;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _certificate?.Dispose();
        if (_clientCas is not null)
        {
            foreach (var ca in _clientCas)
            {
                ca.Dispose();
            }
        }
    }

    private static bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    private bool AcceptsClient(ClientAuthType mode, X509Certificate? certificate)
    {
        switch (mode)
        {
            case ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert:
                return true;
            case ClientAuthType.RequireAnyClientCert:
                return certificate is not null;
            case ClientAuthType.VerifyClientCertIfGiven when certificate is null:
                return true;
            default:
                return certificate is not null && VerifiesAgainstClientCas(certificate);
        }
    }

    private bool VerifiesAgainstClientCas(X509Certificate certificate)
    {
        if (_clientCas is null)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(presented);
    }
}
