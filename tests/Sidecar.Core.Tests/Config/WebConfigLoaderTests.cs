using System.Security.Authentication;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public sealed class WebConfigLoaderTests : IDisposable
{
    private const string Hash = "$2y$10$X0lRjzGkZa3HhXKQeqLSaOVAPxYOVnu9Jc8mJYOjkB8exUhZDg7nS";
    private readonly TempDirectory _directory = new("sidecar-webconfig-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_TlsAndUsers_BindsEveryKeyWithPathsRelativeToTheFile()
    {
        _directory.Write("tls.crt", "x");
        _directory.Write("tls.key", "x");
        _directory.Write("ca.crt", "x");

        var result = Load($"""
            tls_server_config:
              cert_file: tls.crt
              key_file: tls.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
            http_server_config:
              headers: {"{"}X-Frame-Options: deny{"}"}
            basic_auth_users:
              alice: {Hash}
            """);

        var config = Assert.IsType<WebConfig>(result.Config);
        Assert.Equal(_directory.File("tls.crt"), config.Tls!.CertFile);
        Assert.Equal(_directory.File("ca.crt"), config.Tls.ClientCaFile);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, config.Tls.ClientAuth);
        Assert.Equal(SslProtocols.Tls13, config.Tls.MinVersion);
        Assert.Equal("deny", config.Headers["X-Frame-Options"]);
        Assert.Equal(Hash, config.BasicAuthUsers["alice"]);
    }

    [Fact]
    public void Load_EmptyFile_IsPlainHttpWithoutAuthentication()
    {
        var config = Assert.IsType<WebConfig>(Load("").Config);

        Assert.Null(config.Tls);
        Assert.Empty(config.BasicAuthUsers);
    }

    [Fact]
    public void Load_SeveralMistakes_ReportsEveryOneWithItsLine()
    {
        var result = Load("""
            tls_server_config:
              cert_file: missing.crt
              client_auth_type: RequireEveryone
              min_version: TLS10
              cipher_suites: [TLS_AES_128_GCM_SHA256]
            basic_auth_users:
              bob: plaintext
            tls_sever_config: {}
            """);

        Assert.Null(result.Config);
        var lines = result.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith("web.yml:2:", StringComparison.Ordinal) && l.Contains("missing required key \"key_file\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("web.yml:2:", StringComparison.Ordinal) && l.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("web.yml:3:", StringComparison.Ordinal) && l.Contains("unknown value \"RequireEveryone\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("web.yml:4:", StringComparison.Ordinal) && l.Contains("TLS10 is not offered", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("web.yml:5:", StringComparison.Ordinal) && l.Contains("not supported by the sidecar", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("web.yml:7:", StringComparison.Ordinal) && l.Contains("not a bcrypt hash", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("web.yml:8:", StringComparison.Ordinal) && l.Contains("unknown key \"tls_sever_config\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_VerifyingClientsWithoutACa_IsAnError()
    {
        _directory.Write("tls.crt", "x");
        _directory.Write("tls.key", "x");

        var result = Load("tls_server_config: {cert_file: tls.crt, key_file: tls.key, client_auth_type: VerifyClientCertIfGiven}\n");

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("needs client_ca_file", StringComparison.Ordinal));
    }

    private WebConfigLoadResult Load(string yaml) => WebConfigLoader.Load(yaml, "web.yml", _directory.Path);
}
