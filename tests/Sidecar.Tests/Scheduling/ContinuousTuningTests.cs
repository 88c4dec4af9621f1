using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Tests.EndToEnd;
using Sidecar.Web;
using Xunit.Abstractions;

namespace Sidecar.Tests.Scheduling;

/// <summary>
/// Continuous tuning on the composed host against real Prometheus servers holding one series of one-minute data, as it
/// was (<c>before</c>: six hours of noise around a steady level, where a slow EWMA forecasts best) and as it became
/// (<c>after</c>: the same for three hours, then a climbing level, where a fast one does). The sidecar reads the same
/// source name from one server, then the other: it switches to the slow half-life, keeps it through a restart, switches
/// to the fast one once the series changed and tuning is due, and keeps that through a restart too.
/// </summary>
public sealed class ContinuousTuningTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Series = "{job=\"api\"}";
    private readonly TempDirectory _directory = new("sidecar-tuning-");
    private PrometheusServer _before = null!;
    private PrometheusServer _after = null!;

    public async Task InitializeAsync()
    {
        var endMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        const int points = 6 * 60;
        var timestamps = Enumerable.Range(0, points).Select(i => endMs - (points - 1 - i) * 60_000L).ToArray();
        var random = new Random(13);
        var noise = timestamps.Select(_ => (random.NextDouble() - 0.5) * 17.3).ToArray();
        var steady = noise.Select(n => 100 + n).ToArray();
        // From halfway on, the level climbs half a unit a minute with little noise: a flat forecast must follow it.
        var changed = steady.Select((v, i) => i < points / 2 ? v : 100 + 0.5 * (i - points / 2) + noise[i] / 8).ToArray();

        TimeSeries Load(double[] values) => new(LabelSet.From(("__name__", "load"), ("job", "api")), timestamps, values);
        _before = await PrometheusServer.StartAsync([Load(steady)]);
        _after = await PrometheusServer.StartAsync([Load(changed)]);
    }

    public async Task DisposeAsync()
    {
        await _before.DisposeAsync();
        await _after.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Tuning_SeriesWhoseBestHalfLifeChangesHalfway_SwitchesAsIntendedAndKeepsTheChoiceAcrossRestarts()
    {
        // 1. Steady noise: the slow level forecasts better than the fast one configured, by more than min_improvement.
        await using (var app = await StartAsync(Config(_before, "1h")))
        {
            using var http = Client(app);
            var text = await WaitForHalfLifeAsync(http, "2h");
            var errors = Errors(text);
            output.WriteLine($"steady: ewma_half_life=2h, cv rmse in use {errors["in_use"]:F3}, winner {errors["winner"]:F3}, runner-up {errors["runner_up"]:F3}");
            Assert.Equal(errors["winner"], errors["in_use"]);
            Assert.True(errors["runner_up"] > errors["winner"] * 1.05, $"the gain should be clear: {errors["runner_up"]} vs {errors["winner"]}");
            Assert.Equal(1, Decisions(text, "switched"));
            await app.StopAsync();
        }

        // 2. Restart on the changed series, tuning not due yet: the choice is restored and kept.
        await using (var app = await StartAsync(Config(_after, "1h")))
        {
            using var http = Client(app);
            Assert.Equal("2h", HalfLife(await WaitForHalfLifeAsync(http, null)));
            await AfterFitsAsync(http, 2);
            var text = await http.GetStringAsync("metrics");
            output.WriteLine($"restarted, not due: ewma_half_life={HalfLife(text)}");
            Assert.Equal("2h", HalfLife(text));
            Assert.Equal(0, Decisions(text, "switched"));
            await app.StopAsync();
        }

        // 3. Tuning due on the changed series: the climbing half wants the fast level.
        await using (var app = await StartAsync(Config(_after, "1s")))
        {
            using var http = Client(app);
            string text;
            try
            {
                text = await WaitForHalfLifeAsync(http, "1m");
            }
            catch
            {
                output.WriteLine(string.Join('\n', (await http.GetStringAsync("metrics")).Split('\n').Where(l => l.Contains("tuning") || l.StartsWith("anomaly_score", StringComparison.Ordinal) || l.StartsWith("predicted", StringComparison.Ordinal))));
                throw;
            }

            var errors = Errors(text);
            output.WriteLine($"changed: ewma_half_life=1m, cv rmse in use {errors["in_use"]:F3}, winner {errors["winner"]:F3}, runner-up {errors["runner_up"]:F3}");
            Assert.Equal(errors["winner"], errors["in_use"]);
            Assert.True(errors["runner_up"] > errors["winner"] * 1.05, $"the gain should be clear: {errors["runner_up"]} vs {errors["winner"]}");
            Assert.Equal(1, Decisions(text, "switched"));
            await AfterFitsAsync(http, 2);
            text = await http.GetStringAsync("metrics");
            Assert.Equal("1m", HalfLife(text));
            Assert.Equal(1, Decisions(text, "switched"));
            Assert.True(Decisions(text, "kept") >= 1, "later cycles keep the winner");
            await app.StopAsync();
        }

        // 4. Restart again: the new choice is restored.
        await using (var app = await StartAsync(Config(_after, "1h")))
        {
            using var http = Client(app);
            var text = await WaitForHalfLifeAsync(http, null);
            output.WriteLine($"restarted again: ewma_half_life={HalfLife(text)}");
            Assert.Equal("1m", HalfLife(text));
            await app.StopAsync();
        }
    }

    private string Config(PrometheusServer prometheus, string tuneEvery) => _directory.Write("sidecar.yml", $$"""
        remote_read:
          - url: {{prometheus.RemoteReadUrl}}
        defaults:
          fit_window: 6h
          fit_every: 5s
          infer_every: 5s
          min_history: 1h
          model: {type: ewma, ewma_half_life: 1m}
          cv: {initial: 2h, horizon: 30m, period: 30m}
          tuning:
            metric: rmse
            grid: {ewma_half_life: [1m, 2h]}
            tune_every: {{tuneEvery}}
            min_improvement: 0.05
        selectors:
          - {name: load, match: 'load{{Series}}'}
        """);

    private async Task<WebApplication> StartAsync(string config)
    {
        var app = SidecarHost.Build(new SidecarHostOptions
        {
            ConfigFile = config,
            ListenAddress = new ListenAddress("127.0.0.1", 0),
            StoragePath = _directory.File("data"),
            LogLevel = LogLevel.Warning,
        });
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };

    /// <summary>Waits until the tuning info shows <paramref name="halfLife"/> (any, when null); returns that scrape.</summary>
    private static async Task<string> WaitForHalfLifeAsync(HttpClient http, string? halfLife)
    {
        var text = "";
        await Eventually.WaitAsync(async () =>
        {
            text = await http.GetStringAsync("metrics");
            return HalfLife(text) is { } shown && (halfLife is null || shown == halfLife);
        }, $"sidecar_series_tuning_info with ewma_half_life={halfLife ?? "any"}");
        return text;
    }

    private static async Task AfterFitsAsync(HttpClient http, int count)
    {
        var fits = FitCount(await http.GetStringAsync("metrics"));
        await Eventually.WaitAsync(async () => FitCount(await http.GetStringAsync("metrics")) >= fits + count, $"{count} more fits");
    }

    private static double FitCount(string text) =>
        ScrapedSample.Parse(text).FirstOrDefault(s => s.Name == "sidecar_fit_duration_seconds_count")?.Value ?? 0;

    private static string? HalfLife(string text)
    {
        var info = ScrapedSample.Parse(text).Where(s => s.Name == "sidecar_series_tuning_info").ToList();
        Assert.True(info.Count <= 1, $"one tuning info series at most, got {info.Count}");
        return info.Count == 1 && info[0].Labels["job"] == "api" && info[0].Labels["selector"] == "load" ? info[0].Labels["ewma_half_life"] : null;
    }

    private static Dictionary<string, double> Errors(string text) =>
        ScrapedSample.Parse(text).Where(s => s.Name == "sidecar_series_tuning_cv_error")
            .Where(s => s.Labels["cv_metric"] == "rmse" && s.Labels["job"] == "api")
            .ToDictionary(s => s.Labels["candidate"], s => s.Value);

    private static double Decisions(string text, string decision) =>
        ScrapedSample.Parse(text).Single(s => s.Name == "sidecar_tuning_series_total" && s.Labels["decision"] == decision && s.Labels["selector"] == "load").Value;
}
