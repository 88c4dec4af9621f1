using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sidecar.Testing;

/// <summary>
/// A throw-away PKI written as PEM files: a CA, a server certificate for DNS name <see cref="ServerName"/> only
/// (so connecting to 127.0.0.1 needs <c>server_name</c>), a client certificate, and an unrelated CA.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string ServerName = "prometheus.test";

    private readonly TempDirectory _directory = new("sidecar-pki-");

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = SelfSignedCa("Sidecar test CA", caKey);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = SelfSignedCa("Unrelated CA", otherKey);
        Write("ca.crt", ca.ExportCertificatePem());
        Write("other-ca.crt", other.ExportCertificatePem());
        Issue(ca, "server", san => san.AddDnsName(ServerName), new Oid("1.3.6.1.5.5.7.3.1"));
        Issue(ca, "client", san => san.AddDnsName("sidecar-client"), new Oid("1.3.6.1.5.5.7.3.2"));
    }

    public string Directory => _directory.Path;

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    public string ServerCertFile => Path.Combine(Directory, "server.crt");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertFile => Path.Combine(Directory, "client.crt");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    public void Dispose() => _directory.Dispose();

    private static X509Certificate2 SelfSignedCa(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private void Issue(X509Certificate2 ca, string name, Action<SubjectAlternativeNameBuilder> names, Oid usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        Write($"{name}.crt", certificate.ExportCertificatePem());
        Write($"{name}.key", key.ExportPkcs8PrivateKeyPem());
    }

    private void Write(string file, string pem) => _directory.Write(file, pem + "\n");
}
