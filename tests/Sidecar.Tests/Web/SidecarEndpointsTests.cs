using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.Scheduling;
using Sidecar.Web;

namespace Sidecar.Tests.Web;

public sealed class SidecarEndpointsTests : IAsyncLifetime
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Readiness _readiness = new();
    private readonly ScriptedReloader _reloader = new();
    private WebApplication? _app;
    private WebApplication? _lockedApp;
    private HttpClient _http = new();
    private HttpClient _locked = new();

    public async Task InitializeAsync()
    {
        (_app, _http) = await StartAsync(enableLifecycle: true);
        (_lockedApp, _locked) = await StartAsync(enableLifecycle: false);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _locked.Dispose();
        await _app!.DisposeAsync();
        await _lockedApp!.DisposeAsync();
    }

    private async Task<(WebApplication App, HttpClient Client)> StartAsync(bool enableLifecycle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapSidecarEndpoints(_registry, new ScrapeGate(), _readiness, _reloader, enableLifecycle);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    [Fact]
    public async Task Metrics_InjectedRegistry_IsServedAndStaticDefaultIsNot()
    {
        Metrics.WithCustomRegistry(_registry).CreateGauge("sidecar_test_gauge", "A test gauge.").Set(7);
        Metrics.CreateGauge("static_default_gauge", "Must never be served.").Set(1);

        var body = await _http.GetStringAsync("/metrics");

        Assert.Contains("sidecar_test_gauge 7", body, StringComparison.Ordinal);
        Assert.DoesNotContain("static_default_gauge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthy_Always_Returns200()
    {
        using var response = await _http.GetAsync("/-/healthy");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_BeforeAndAfterSetReady_Returns503Then200()
    {
        _readiness.SetNotReady("selector api_rps: no first fit yet");
        using var before = await _http.GetAsync("/-/ready");
        var reason = await before.Content.ReadAsStringAsync();
        _readiness.SetReady();
        using var after = await _http.GetAsync("/-/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("api_rps", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Reload_LifecycleDisabled_Returns403AndDoesNotReload()
    {
        using var response = await _locked.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _reloader.Calls);
    }

    [Fact]
    public async Task Reload_Get_IsNotAllowed()
    {
        using var response = await _http.GetAsync("/-/reload");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(0, _reloader.Calls);
    }

    [Fact]
    public async Task Reload_Success_Returns200()
    {
        _reloader.Next = ReloadResult.Ok;

        using var response = await _http.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _reloader.Calls);
    }

    [Fact]
    public async Task Reload_InvalidConfig_Returns500WithTheErrors()
    {
        _reloader.Next = ReloadResult.Failed("sidecar.yml:3:5: unknown key \"fit_evry\"");

        using var response = await _http.PutAsync("/-/reload", null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("sidecar.yml:3:5", body, StringComparison.Ordinal);
    }

    /// <summary>Answers reloads with a scripted result: the config file's content is not under test here.</summary>
    private sealed class ScriptedReloader : IConfigReloader
    {
        private int _calls;

        public ReloadResult Next { get; set; } = ReloadResult.Ok;

        public int Calls => _calls;

        public Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(Next);
        }
    }
}
