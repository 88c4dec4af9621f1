using Sidecar.RemoteRead.Tests.Fakes;
using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests.Integration;

/// <summary>
/// The client against a real Prometheus behind its own <c>--web.config.file</c>: TLS with a private CA and a
/// certificate for another name, required client certificates, and bcrypt basic-auth users.
/// </summary>
public sealed class SecuredPrometheusTests(SecuredPrometheusFixture prometheus) : IClassFixture<SecuredPrometheusFixture>
{
    private const string User = SecuredPrometheusFixture.User;
    private const string Password = SecuredPrometheusFixture.Password;
    private readonly TestCertificates _pki = prometheus.Pki;
    private readonly long _endMs = prometheus.EndMs;

    [Fact]
    public async Task ReadAsync_CaServerNameClientCertAndPasswordFile_Reads()
    {
        var passwordFile = Path.Combine(_pki.Directory, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        using var client = new RemoteReadClient(Options() with
        {
            BasicAuth = new BasicAuthOptions { Username = User, PasswordFile = passwordFile },
        });

        var only = Assert.Single(await client.ReadAsync(Query()));

        Assert.Equal(30, only.Count);
        Assert.Equal(_endMs, only.TimestampsMs[^1]);
    }

    [Fact]
    public async Task ReadAsync_WrongPassword_ThrowsHttp401WithoutRetryOrSecret()
    {
        using var client = new RemoteReadClient(Options() with { BasicAuth = new BasicAuthOptions { Username = User, Password = "wrong-pw" } });

        var e = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query()));

        Assert.Equal(401, e.StatusCode);
        Assert.DoesNotContain("wrong-pw", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoClientCertificate_ThrowsConnectionException()
    {
        using var client = new RemoteReadClient(Options() with
        {
            BasicAuth = new BasicAuthOptions { Username = User, Password = Password },
            TlsConfig = new TlsOptions { CaFile = _pki.CaFile, ServerName = TestCertificates.ServerName },
        });

        await Assert.ThrowsAsync<RemoteReadConnectionException>(() => client.ReadAsync(Query()));
    }

    [Fact]
    public async Task ReadAsync_UnrelatedCa_ThrowsConnectionException()
    {
        using var client = new RemoteReadClient(Options() with
        {
            BasicAuth = new BasicAuthOptions { Username = User, Password = Password },
            TlsConfig = Tls() with { CaFile = _pki.OtherCaFile },
        });

        await Assert.ThrowsAsync<RemoteReadConnectionException>(() => client.ReadAsync(Query()));
    }

    [Fact]
    public async Task ReadAsync_CertificateForAnotherNameWithoutServerName_ThrowsConnectionException()
    {
        using var client = new RemoteReadClient(Options() with
        {
            BasicAuth = new BasicAuthOptions { Username = User, Password = Password },
            TlsConfig = Tls() with { ServerName = null },
        });

        await Assert.ThrowsAsync<RemoteReadConnectionException>(() => client.ReadAsync(Query()));
    }

    [Fact]
    public async Task ReadAsync_InsecureSkipVerify_ReadsWithoutCa()
    {
        using var client = new RemoteReadClient(Options() with
        {
            BasicAuth = new BasicAuthOptions { Username = User, Password = Password },
            TlsConfig = new TlsOptions { InsecureSkipVerify = true, CertFile = _pki.ClientCertFile, KeyFile = _pki.ClientKeyFile },
        });

        Assert.Single(await client.ReadAsync(Query()));
    }

    private TlsOptions Tls() => new()
    {
        CaFile = _pki.CaFile,
        ServerName = TestCertificates.ServerName,
        CertFile = _pki.ClientCertFile,
        KeyFile = _pki.ClientKeyFile,
    };

    private RemoteReadClientOptions Options() => new()
    {
        Url = new UriBuilder(prometheus.Server.RemoteReadUrl) { Scheme = "https" }.Uri,
        TlsConfig = Tls(),
        MaxRetries = 1,
        MinBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
    };

    private ReadQuery Query() => new(_endMs - 3_600_000, _endMs, [new Matcher(MatchType.Equal, "__name__", "secured")]);
}
