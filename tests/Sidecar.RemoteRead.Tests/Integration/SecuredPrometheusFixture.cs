using Sidecar.RemoteRead.Tests.Fakes;
using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests.Integration;

/// <summary>
/// A real Prometheus behind its own <c>--web.config.file</c>: TLS with a private CA and a certificate for another
/// name (<see cref="TestCertificates.ServerName"/>), required client certificates, and a bcrypt basic-auth user.
/// </summary>
public sealed class SecuredPrometheusFixture : IAsyncLifetime
{
    public const string User = "reader";
    public const string Password = "remote-read-test-password";

    // bcrypt (cost 4) of Password; generated once with python3-bcrypt. A fixture, not a secret.
    private const string PasswordHash = "$2a$04$oMtw.2J7lBA9fLf5MUVK5OidTa6ocJthbRSYPS2iQfpro38qwZJAy";

    private PrometheusServer? _server;

    public TestCertificates Pki { get; } = new();

    /// <summary>Last sample, unix ms: a whole minute ten minutes ago.</summary>
    public long EndMs { get; } = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000) - 10) * 60_000;

    public PrometheusServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var timestamps = Enumerable.Range(0, 30).Select(i => EndMs - (i * 60_000L)).Reverse().ToArray();
        var series = new TimeSeries(LabelSet.From(("__name__", "secured"), ("job", "s")), timestamps, timestamps.Select(t => t / 1000.0).ToArray());
        _server = await PrometheusServer.StartAsync([series], new PrometheusServerOptions
        {
            WebConfigYaml = $"""
                tls_server_config:
                  cert_file: {Pki.ServerCertFile}
                  key_file: {Pki.ServerKeyFile}
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: {Pki.CaFile}
                basic_auth_users:
                  {User}: {PasswordHash}
                """,
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Pki.Dispose();
    }
}
