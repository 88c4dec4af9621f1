using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Tests.EndToEnd;
using Sidecar.Web;
using Xunit.Abstractions;

namespace Sidecar.Tests.Web;

/// <summary>
/// Silences as feedback, against a real Prometheus (two routes of one-minute data, one with an incident) and a real
/// Alertmanager driven with <c>amtool</c>: a <c>sidecar:exclude</c> silence on the incident's AnomalyDetected alert
/// becomes an exclusion from the alert's start, narrows the band at the next fit, survives a restart while
/// Alertmanager cannot be reached, and expiring it brings the wide band back; a <c>sidecar:expected</c> silence on a
/// third route's short burst, which its band ignored, widens the band to hold it.
/// </summary>
public sealed class SilenceFeedbackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Incident = "/api/v1/messages";
    private const string Healthy = "/api/v1/users";
    private const string Bursty = "/api/v1/search";
    private readonly TempDirectory _directory = new("sidecar-silences-");
    private PrometheusServer _prometheus = null!;
    private AlertmanagerServer _alertmanager = null!;
    private long _endMs;

    private long IncidentStartMs => _endMs - 150 * 60_000L;

    private long IncidentEndMs => _endMs - 90 * 60_000L;

    /// <summary>Three minutes of +60 on a noisy route: too few points for its band to hold them, until expected.</summary>
    private long BurstStartMs => _endMs - 60 * 60_000L;

    private string AlertmanagerUrl => _alertmanager.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _endMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        var timestamps = Enumerable.Range(0, 6 * 60).Select(i => _endMs - (6 * 60 - 1 - i) * 60_000L).ToArray();
        var random = new Random(7);
        TimeSeries Route(string route, bool incident) => new(
            LabelSet.From(("__name__", "http_errors"), ("job", "api"), ("route", route)),
            timestamps,
            timestamps.Select((t, i) => incident && t >= IncidentStartMs && t < IncidentEndMs
                ? 50 + random.Next(0, 400)
                : 10.0 + (i % 7)).ToArray());
        var noise = new Random(11);
        var bursty = new TimeSeries(
            LabelSet.From(("__name__", "http_errors"), ("job", "api"), ("route", Bursty)),
            timestamps,
            timestamps.Select(t => 10 + noise.NextDouble() * 6 + (t >= BurstStartMs && t < BurstStartMs + 3 * 60_000 ? 60 : 0)).ToArray());
        _prometheus = await PrometheusServer.StartAsync([Route(Incident, incident: true), Route(Healthy, incident: false), bursty]);
        _alertmanager = await AlertmanagerServer.StartAsync("route:\n  receiver: none\nreceivers:\n  - name: none\n");
    }

    public async Task DisposeAsync()
    {
        await _alertmanager.DisposeAsync();
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Silence_ExcludeThenExpireThenExpected_ChangesTheBandAtTheNextFitAndSurvivesARestart()
    {
        // What Prometheus sends for the shipped rule, with the series' labels; each started with its deviation.
        var alertStart = DateTimeOffset.FromUnixTimeMilliseconds(IncidentStartMs);
        await PostAlertAsync(Incident, alertStart);
        await PostAlertAsync(Bursty, DateTimeOffset.FromUnixTimeMilliseconds(BurstStartMs));
        var config = Config($"{AlertmanagerUrl}/api/v2/silences");
        var unreachable = Config($"http://127.0.0.1:{FreePort.Next()}/api/v2/silences");

        string silence;
        double before, healthy, burstyBefore;
        await using (var app = await StartAsync(config))
        {
            using var http = Client(app);
            await Eventually.WaitAsync(async () => Width(await http.GetStringAsync("metrics"), Incident) is not null, "a band for the incident route");
            var text = await http.GetStringAsync("metrics");
            before = Width(text, Incident)!.Value;
            healthy = Width(text, Healthy)!.Value;
            burstyBefore = Width(text, Bursty)!.Value;
            output.WriteLine($"band width before: incident route {before:F2}, healthy route {healthy:F2}, bursty route {burstyBefore:F2}");
            Assert.True(burstyBefore < 40, $"three points of +60 are too few to widen the bursty route's band: {burstyBefore}");
            Assert.True(before > 5 * healthy, $"the incident should widen the band: {before} vs {healthy}");

            silence = (await Amtool("silence", "add", "--comment=sidecar:exclude INC-42 database failover", "--duration=2h", "--author=alice",
                "alertname=AnomalyDetected", $"route={Incident}", "selector=errors")).Trim();
            output.WriteLine($"amtool silence add: {silence}");
            var exclusion = await WaitForExclusionAsync(http, present: true);
            Assert.Equal("silence-" + silence, exclusion.GetProperty("id").GetString());
            Assert.Equal("alertmanager", exclusion.GetProperty("source").GetString());
            Assert.Equal("exclude", exclusion.GetProperty("kind").GetString());
            Assert.Equal("alice", exclusion.GetProperty("created_by").GetString());
            Assert.Equal($"{{route=\"{Incident}\"}}", exclusion.GetProperty("matcher").GetString());
            Assert.Equal("errors", exclusion.GetProperty("selector").GetString());
            Assert.Equal(alertStart, DateTimeOffset.Parse(exclusion.GetProperty("start").GetString()!, CultureInfo.InvariantCulture));

            await AfterTwoFitsAsync(http);
            text = await http.GetStringAsync("metrics");
            var after = Width(text, Incident)!.Value;
            output.WriteLine($"band width with the exclude silence: incident route {after:F2}");
            Assert.True(after < 2 * healthy, $"excluded, the band should be as narrow as the healthy route's: {after} vs {healthy}");
            var start = Assert.Single(ScrapedSample.Parse(text), s => s.Name == "sidecar_exclusion_start_seconds");
            Assert.Equal("alertmanager", start.Labels["source"]);
            Assert.Equal(IncidentStartMs / 1000.0, start.Value);
            Assert.True(Sample(text, "sidecar_alertmanager_polls_total", "outcome", "success") >= 1);
            Assert.Equal(1, Sample(text, "sidecar_alertmanager_silence_exclusions"));

            using var delete = await http.DeleteAsync($"api/v1/exclusions/silence-{silence}");
            Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
            await app.StopAsync();
        }

        await using (var app = await StartAsync(unreachable))
        {
            using var http = Client(app);
            await Eventually.WaitAsync(async () => Sample(await http.GetStringAsync("metrics"), "sidecar_alertmanager_polls_total", "outcome", "error") >= 2, "failed polls");
            await AfterTwoFitsAsync(http);
            var text = await http.GetStringAsync("metrics");
            var narrow = Width(text, Incident)!.Value;
            output.WriteLine($"band width after a restart with Alertmanager unreachable: incident route {narrow:F2}");
            Assert.True(narrow < 2 * healthy, $"the exclusion is kept while Alertmanager cannot be read: {narrow} vs {healthy}");
            Assert.Single(ScrapedSample.Parse(text), s => s.Name == "sidecar_exclusion_start_seconds");

            // A reload that points at the real Alertmanager applies at the next poll.
            File.Copy(config, unreachable, overwrite: true);
            Assert.True((await app.Services.GetRequiredService<IConfigReloader>().ReloadAsync(CancellationToken.None)).Success);
            await Eventually.WaitAsync(async () => Sample(await http.GetStringAsync("metrics"), "sidecar_alertmanager_polls_total", "outcome", "success") >= 1, "a poll after the reload");

            await Amtool("silence", "expire", silence);
            await WaitForExclusionAsync(http, present: false);
            await AfterTwoFitsAsync(http);
            text = await http.GetStringAsync("metrics");
            output.WriteLine($"band width after amtool silence expire: incident route {Width(text, Incident):F2}");
            Assert.True(Width(text, Incident)!.Value > 5 * healthy, "expired, the incident widens the band again");
            Assert.DoesNotContain(ScrapedSample.Parse(text), s => s.Name == "sidecar_exclusion_start_seconds");

            // The bursty route's three-minute burst is too short for its band to hold; expected, the band holds it.
            var expected = (await Amtool("silence", "add", "--comment=sidecar:expected the nightly import", "--duration=2h",
                "alertname=AnomalyDetected", $"route={Bursty}")).Trim();
            var exclusion = await WaitForExclusionAsync(http, present: true);
            Assert.Equal("expected", exclusion.GetProperty("kind").GetString());
            Assert.Equal("silence-" + expected, exclusion.GetProperty("id").GetString());
            Assert.Equal(BurstStartMs, DateTimeOffset.Parse(exclusion.GetProperty("start").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
            await AfterTwoFitsAsync(http);
            text = await http.GetStringAsync("metrics");
            var wide = Width(text, Bursty)!.Value;
            output.WriteLine($"band width with the expected silence: bursty route {wide:F2} (before {burstyBefore:F2})");
            Assert.True(wide > burstyBefore + 50, $"expected, the band should hold the +60 burst: {wide} vs {burstyBefore}");
            Assert.Equal(1, Sample(text, "sidecar_exclusion_start_seconds", "kind", "expected") > 0 ? 1 : 0);
            await app.StopAsync();
        }
    }

    private Task PostAlertAsync(string route, DateTimeOffset startsAt) => _alertmanager.PostAlertsAsync(JsonSerializer.Serialize(new[]
    {
        new
        {
            labels = new Dictionary<string, string>
            {
                ["alertname"] = "AnomalyDetected", ["severity"] = "warning", ["selector"] = "errors", ["metric"] = "http_errors",
                ["job"] = "api", ["route"] = route, ["anomaly_series"] = $"{{job=\"api\",route=\"{route}\"}}",
            },
            startsAt = startsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            endsAt = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        },
    }));

    private string Config(string url) => _directory.Write($"sidecar-{Guid.NewGuid():N}.yml", $$"""
        remote_read:
          - url: {{_prometheus.RemoteReadUrl}}
        alertmanager:
          url: {{url}}
          poll_interval: 1s
          remote_timeout: 2s
          max_retries: 0
        defaults:
          fit_window: 6h
          fit_every: 10s
          infer_every: 10s
          min_history: 1h
        selectors:
          - {name: errors, match: 'http_errors{job="api"}'}
        """);

    private async Task<string> Amtool(params string[] args) =>
        await ExternalProcess.RunAsync("amtool", [.. args, $"--alertmanager.url={AlertmanagerUrl}"]);

    private static async Task<JsonElement> WaitForExclusionAsync(HttpClient http, bool present)
    {
        JsonElement found = default;
        await Eventually.WaitAsync(async () =>
        {
            using var listed = JsonDocument.Parse(await http.GetStringAsync("api/v1/exclusions"));
            var items = listed.RootElement.GetProperty("data").EnumerateArray().ToList();
            if (items.Count == 1)
            {
                found = items[0].Clone();
            }

            return present ? items.Count == 1 : items.Count == 0;
        }, present ? "the silence's exclusion" : "the exclusion to go");
        return found;
    }

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

    /// <summary>Waits for two more fits: the first may have started before the change.</summary>
    private static async Task AfterTwoFitsAsync(HttpClient http)
    {
        var fits = Sample(await http.GetStringAsync("metrics"), "sidecar_fit_duration_seconds_count");
        await Eventually.WaitAsync(async () => Sample(await http.GetStringAsync("metrics"), "sidecar_fit_duration_seconds_count") >= fits + 2, "two more fits");
    }

    private static double Sample(string text, string name, string? label = null, string? value = null) =>
        ScrapedSample.Parse(text).FirstOrDefault(s => s.Name == name && (label is null || s.Labels.GetValueOrDefault(label) == value))?.Value ?? 0;

    private static double? Width(string text, string route)
    {
        var samples = ScrapedSample.Parse(text).Where(s => s.Labels.GetValueOrDefault("route") == route).ToList();
        var upper = samples.FirstOrDefault(s => s.Name == "predicted_upper")?.Value;
        var lower = samples.FirstOrDefault(s => s.Name == "predicted_lower")?.Value;
        return upper - lower;
    }
}
