using System.Net;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Tests.EndToEnd;
using Sidecar.Web;

namespace Sidecar.Tests.Web;

/// <summary>The composed host in-process against a real Prometheus: selectors come and go with reloads.</summary>
public sealed class SidecarHostTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("sidecar-host-");
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        var series = new[] { "a", "b", "c", "d" }.Select(name =>
        {
            var timestamps = Enumerable.Range(0, 6 * 60).Select(i => end - i * 60_000L).Reverse().ToArray();
            var values = timestamps.Select((_, i) => 10.0 + (i % 7)).ToArray();
            // metric_d carries a label named replica, as a series scraped from an HA pair may.
            return new TimeSeries(
                name == "d"
                    ? LabelSet.From(("__name__", "metric_d"), ("job", "host-test"), ("replica", "source-1"))
                    : LabelSet.From(("__name__", $"metric_{name}"), ("job", "host-test")),
                timestamps,
                values);
        });
        _prometheus = await PrometheusServer.StartAsync(series);
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    private string Config(params string[] selectors) => $"""
        remote_read:
          - url: {_prometheus.RemoteReadUrl}
        defaults:
          fit_window: 6h
          min_history: 1h
        selectors:
        {string.Join("\n", selectors.Select(s => $"  - {{name: {s}, match: 'metric_{s}'}}"))}
        """;

    [Fact]
    public async Task Reload_SelectorRemovedAndAdded_RemovedOnesGaugesAndMetricsGoAddedOneStartsKeptOneIsNotRefitted()
    {
        var config = _directory.File("sidecar.yml");
        await File.WriteAllTextAsync(config, Config("a", "b"));
        await using var app = SidecarHost.Build(new SidecarHostOptions
        {
            ConfigFile = config,
            ListenAddress = new ListenAddress("127.0.0.1", 0),
            StoragePath = _directory.File("data"),
            EnableLifecycle = true,
            LogLevel = LogLevel.Warning,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await Eventually.WaitAsync(async () => (await http.GetAsync("-/ready")).StatusCode == HttpStatusCode.OK, "ready");
        await Eventually.WaitAsync(async () => Value(await http.GetStringAsync("metrics"), "anomaly_score", "b") is not null, "a score for b");

        await File.WriteAllTextAsync(config, Config("a", "c"));
        using var reload = await http.PostAsync("-/reload", null);
        await Eventually.WaitAsync(async () => Value(await http.GetStringAsync("metrics"), "predicted", "c") is not null, "predictions for c");
        var text = await http.GetStringAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.DoesNotContain(ScrapedSample.Parse(text), s => s.Labels.GetValueOrDefault("selector") == "b");
        Assert.Equal(1, Value(text, "sidecar_fit_duration_seconds_count", "a"));
        Assert.Equal(1, Value(text, "sidecar_config_last_reload_successful", null));
        Assert.NotNull(Value(text, "predicted", "a"));
        await app.StopAsync();
    }

    [Fact]
    public async Task Metrics_ProcessAndRuntime_AreExposedBesideTheSidecarsOwn()
    {
        var config = _directory.File("sidecar.yml");
        await File.WriteAllTextAsync(config, Config("a"));
        await using var app = SidecarHost.Build(new SidecarHostOptions
        {
            ConfigFile = config,
            ListenAddress = new ListenAddress("127.0.0.1", 0),
            StoragePath = _directory.File("data"),
            LogLevel = LogLevel.Warning,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var samples = MetricsText.Samples(await http.GetStringAsync("metrics"));

        foreach (var name in new[]
        {
            "process_cpu_seconds_total", "process_start_time_seconds", "process_resident_memory_bytes",
            "process_open_fds", "process_max_fds", "process_num_threads", "dotnet_total_memory_bytes",
        })
        {
            var line = Assert.Single(samples, l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.True(double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
        }

        Assert.Contains(samples, l => l.StartsWith("dotnet_collection_count_total{generation=\"0\"}", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("sidecar_build_info{", StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task Metrics_ShardReplica_LabelsEveryFamily_AndASeriesReplicaLabelBecomesExported()
    {
        var config = _directory.File("sidecar.yml");
        await File.WriteAllTextAsync(config, Config("d"));
        await using var app = SidecarHost.Build(new SidecarHostOptions
        {
            ConfigFile = config,
            ListenAddress = new ListenAddress("127.0.0.1", 0),
            StoragePath = _directory.File("data-replica"),
            Shard = SeriesShard.TryCreate(1, 0, out _),
            Replica = "b",
            LogLevel = LogLevel.Warning,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await Eventually.WaitAsync(async () => Value(await http.GetStringAsync("metrics"), "predicted", "d") is not null, "predictions for d");

        var samples = ScrapedSample.Parse(await http.GetStringAsync("metrics"));

        Assert.All(samples, s => Assert.Equal("b", s.Labels.GetValueOrDefault("replica")));
        var predicted = Assert.Single(samples, s => s.Name == "predicted");
        Assert.Equal("source-1", predicted.Labels["exported_replica"]);
        Assert.Contains(samples, s => s.Name == "sidecar_shard_info" && s.Labels["index"] == "0" && s.Labels["count"] == "1");
        Assert.Contains(samples, s => s.Name == "process_cpu_seconds_total");
        await app.StopAsync();
    }

    private static double? Value(string text, string name, string? selector) =>
        ScrapedSample.Parse(text).FirstOrDefault(s => s.Name == name && (selector is null || s.Labels.GetValueOrDefault("selector") == selector))?.Value;
}
