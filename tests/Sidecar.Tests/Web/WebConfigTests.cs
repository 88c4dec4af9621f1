using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Web;

namespace Sidecar.Tests.Web;

/// <summary>
/// <c>--web.config.file</c> for real: a real Prometheus scrapes the sidecar over TLS (a private CA, a certificate
/// for another name) with basic auth; a wrong password gets 401; new users apply without a restart.
/// </summary>
public sealed class WebConfigTests : IAsyncLifetime
{
    private const string User = "prometheus";
    private const string Password = "s3cret-scrape";

    private readonly TempDirectory _directory = new("sidecar-webconfig-");
    private readonly TestCertificates _pki = new();
    private readonly int _port = FreePort.Next();
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        var timestamps = Enumerable.Range(0, 3 * 60).Select(i => end - i * 60_000L).Reverse().ToArray();
        var series = new TimeSeries(LabelSet.From(("__name__", "metric_a"), ("job", "web-test")), timestamps, timestamps.Select((_, i) => 10.0 + (i % 5)).ToArray());
        string Job(string name, string password) => $$"""
              - job_name: {{name}}
                scheme: https
                honor_labels: true
                tls_config: {ca_file: {{_pki.CaFile}}, server_name: {{TestCertificates.ServerName}}}
                basic_auth: {username: {{User}}, password: {{password}}}
                static_configs: [{targets: ['127.0.0.1:{{_port}}']}]
            """;
        _prometheus = await PrometheusServer.StartAsync([series], new PrometheusServerOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(1),
            ExtraConfigYaml = "scrape_configs:\n" + Job("sidecar", Password) + "\n" + Job("sidecar-wrong-password", "guess") + $$"""

                remote_read:
                  - url: https://127.0.0.1:{{_port}}/api/v1/read
                    read_recent: true
                    tls_config: {ca_file: {{_pki.CaFile}}, server_name: {{TestCertificates.ServerName}}}
                    basic_auth: {username: {{User}}, password: {{Password}}}
                """,
        });
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _pki.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Scrape_PrometheusOverTlsWithBasicAuth_IsUpAndAWrongPasswordIsRefused()
    {
        var web = WriteWebConfig(BCrypt.Net.BCrypt.HashPassword(Password, 4));
        await using var app = await StartSidecarAsync(web);
        using var http = Client();

        await Eventually.WaitAsync(async () => await UpAsync("sidecar") == 1, "Prometheus scraping the sidecar over TLS with basic auth");
        await Eventually.WaitAsync(async () => await UpAsync("sidecar-wrong-password") == 0, "the scrape with a wrong password to fail");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "metrics", User, "guess")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "-/healthy", null, null)).StatusCode);
        var ok = await Get(http, "metrics", User, Password);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("sidecar_build_info", await ok.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RemoteRead_PrometheusOverTlsWithBasicAuth_GetsTheForecastAndAWrongPasswordIsRefused()
    {
        var web = WriteWebConfig(BCrypt.Net.BCrypt.HashPassword(Password, 4));
        await using var app = await StartSidecarAsync(web);
        using var http = Client();

        using (var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/read") { Content = new ByteArrayContent([]) })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:guess")));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
        }

        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000) + (5 * 60_000);
        await Eventually.WaitAsync(
            async () => (await _prometheus.QueryRangeAsync("predicted{selector=\"a\"}", start, start + (9 * 60_000), TimeSpan.FromMinutes(1))).Sum(s => s.Values.Length) == 10,
            "Prometheus reading the forecast over TLS with basic auth");
    }

    [Fact]
    public async Task Users_ChangedInTheFile_ApplyWithoutARestart()
    {
        var web = WriteWebConfig(BCrypt.Net.BCrypt.HashPassword(Password, 4));
        await using var app = await StartSidecarAsync(web);
        using var http = Client();
        Assert.Equal(HttpStatusCode.OK, (await Get(http, "-/healthy", User, Password)).StatusCode);

        await File.WriteAllTextAsync(web, WebConfigYaml(BCrypt.Net.BCrypt.HashPassword("rotated", 4)) + "\n# rotated\n");

        await Eventually.WaitAsync(async () => (await Get(http, "-/healthy", User, "rotated")).StatusCode == HttpStatusCode.OK, "the rotated password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "-/healthy", User, Password)).StatusCode);
    }

    [Fact]
    public void Build_WebConfigThatDoesNotLoad_ThrowsWithItsLine()
    {
        var web = _directory.Write("web.yml", "tls_server_config:\n  cert_file: missing.crt\n");

        var e = Assert.Throws<WebConfigException>(() => SidecarHost.Build(Options(web)));

        Assert.Contains(e.Problems, p => p.Contains("web.yml:2:", StringComparison.Ordinal) && p.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("missing required key \"key_file\"", StringComparison.Ordinal));
    }

    private string WebConfigYaml(string hash) => $"""
        tls_server_config:
          cert_file: {_pki.ServerCertFile}
          key_file: {_pki.ServerKeyFile}
          min_version: TLS12
        basic_auth_users:
          {User}: {hash}
        """;

    private string WriteWebConfig(string hash) => _directory.Write("web.yml", WebConfigYaml(hash));

    private SidecarHostOptions Options(string webConfig) => new()
    {
        ConfigFile = _directory.Write("sidecar.yml", $"""
            remote_read:
              - url: {_prometheus.RemoteReadUrl}
            defaults:
              fit_window: 3h
              min_history: 1h
            selectors:
              - {"{"}name: a, match: metric_a{"}"}
            """),
        ListenAddress = new ListenAddress("127.0.0.1", _port),
        StoragePath = _directory.File("data"),
        WebConfigFile = webConfig,
        LogLevel = LogLevel.Warning,
    };

    private async Task<WebApplication> StartSidecarAsync(string webConfig)
    {
        var app = SidecarHost.Build(Options(webConfig));
        await app.StartAsync();
        return app;
    }

    private HttpClient Client()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(_pki.CaFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{_port}/") };
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string path, string? user, string? password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return await http.SendAsync(request);
    }

    private async Task<double?> UpAsync(string job)
    {
        var result = await _prometheus.QueryAsync($"up{{job=\"{job}\"}}", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return result.Count == 1 ? result[0].Values[^1] : null;
    }
}
