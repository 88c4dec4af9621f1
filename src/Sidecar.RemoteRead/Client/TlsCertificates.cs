using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sidecar.RemoteRead.Client;

/// <summary>
/// Applies <see cref="TlsOptions"/> to connections: verifies the server against <c>ca_file</c> (instead of the
/// system roots) and <c>server_name</c>, and presents the client certificate from <c>cert_file</c>/<c>key_file</c>.
/// Files are loaded on the first connection and re-loaded when their modification time changes, so rotated
/// certificates take effect on new connections. Thread-safe.
/// </summary>
internal sealed class TlsCertificates(TlsOptions options)
{
    private readonly Lock _lock = new();
    private (DateTime Stamp, X509Certificate2Collection Certificates)? _ca;
    private (DateTime Stamp, X509Certificate2 Certificate)? _client;

    public SslClientAuthenticationOptions CreateSslOptions() => new()
    {
        RemoteCertificateValidationCallback = Validate,
        LocalCertificateSelectionCallback = options.CertFile is null ? null : (_, _, _, _, _) => ClientCertificate(),
    };

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.InsecureSkipVerify)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        bool chainValid;
        if (options.CaFile is null)
        {
            chainValid = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }
        else
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(CaCertificates());
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            chainValid = custom.Build(leaf);
        }

        var nameValid = options.ServerName is { } serverName
            ? leaf.MatchesHostname(serverName)
            : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        return chainValid && nameValid;
    }

    private X509Certificate2Collection CaCertificates()
    {
        var path = options.CaFile!;
        var stamp = File.GetLastWriteTimeUtc(path);
        lock (_lock)
        {
            if (_ca is not { } cached || cached.Stamp != stamp)
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPemFile(path);
                _ca = (stamp, certificates);
            }

            return _ca.Value.Certificates;
        }
    }

    private X509Certificate2 ClientCertificate()
    {
        var stamp = File.GetLastWriteTimeUtc(options.CertFile!);
        var keyStamp = File.GetLastWriteTimeUtc(options.KeyFile!);
        if (keyStamp > stamp)
        {
            stamp = keyStamp;
        }

        lock (_lock)
        {
            if (_client is not { } cached || cached.Stamp != stamp)
            {
                _client = (stamp, X509Certificate2.CreateFromPemFile(options.CertFile!, options.KeyFile!));
            }

            return _client.Value.Certificate;
        }
    }
}
