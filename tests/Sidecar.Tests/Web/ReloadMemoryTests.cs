using System.Net;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Web;

namespace Sidecar.Tests.Web;

/// <summary>
/// 100 reloads that add and remove a selector leave the sidecar's managed memory where it was: every schedule, gauge
/// child, self-metric child and remote-read client of a removed selector is let go. Measured after full compacting
/// collections, in a collection that runs alone so that other tests' garbage does not blur it.
/// </summary>
[Collection(nameof(ReloadMemoryCollection))]
public sealed class ReloadMemoryTests : IAsyncLifetime
{
    /// <summary>Far above noise (a few MiB) and far below a leak of 100 selectors' windows, clients and gauges.</summary>
    private const long GrowthBoundBytes = 16L << 20;

    private readonly TempDirectory _directory = new("sidecar-reloads-");
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        var series = new[] { "a", "b" }.Select(name =>
        {
            var timestamps = Enumerable.Range(0, 3 * 60).Select(i => end - i * 60_000L).Reverse().ToArray();
            return new TimeSeries(LabelSet.From(("__name__", $"metric_{name}"), ("job", "reload-test")), timestamps, timestamps.Select((_, i) => 10.0 + (i % 7)).ToArray());
        });
        _prometheus = await PrometheusServer.StartAsync(series);
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Reload_100TimesAddingAndRemovingASelector_ManagedMemoryStaysBounded()
    {
        var config = _directory.File("sidecar.yml");
        await File.WriteAllTextAsync(config, Config("a"));
        await using var app = SidecarHost.Build(new SidecarHostOptions
        {
            ConfigFile = config,
            ListenAddress = new ListenAddress("127.0.0.1", 0),
            StoragePath = _directory.File("data"),
            EnableLifecycle = true,
            LogLevel = LogLevel.Error,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await WaitReadyAsync(http);
        await ReloadAsync(http, config, Config("a", "b"));
        await ReloadAsync(http, config, Config("a"));
        var before = Eventually.ManagedBytesAfterFullCollection();

        for (var i = 0; i < 100; i++)
        {
            await ReloadAsync(http, config, i % 2 == 0 ? Config("a", "b") : Config("a"));
        }

        var growth = Eventually.ManagedBytesAfterFullCollection() - before;
        var metrics = await http.GetStringAsync("metrics");
        Assert.DoesNotContain("selector=\"b\"", metrics);
        Assert.True(growth < GrowthBoundBytes, $"managed memory grew by {growth >> 10} KiB over 100 reloads");
        await app.StopAsync();
    }

    private string Config(params string[] selectors) => $"""
        remote_read:
          - url: {_prometheus.RemoteReadUrl}
        defaults:
          fit_window: 3h
          min_history: 1h
        selectors:
        {string.Join("\n", selectors.Select(s => $"  - {{name: {s}, match: 'metric_{s}'}}"))}
        """;

    private static async Task ReloadAsync(HttpClient http, string config, string text)
    {
        await File.WriteAllTextAsync(config, text);
        using var response = await http.PostAsync("-/reload", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitReadyAsync(http);
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await http.GetAsync("-/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for ready");
            await Task.Delay(50);
        }
    }
}

[CollectionDefinition(nameof(ReloadMemoryCollection), DisableParallelization = true)]
public sealed class ReloadMemoryCollection;
