using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Tests.EndToEnd;
using Sidecar.Web;
using Xunit.Abstractions;

namespace Sidecar.Tests.Web;

/// <summary>
/// The exclusions API on the composed host against a real Prometheus holding two routes of one-minute data, one of
/// which had an incident: excluding the incident narrows that route's band to the healthy route's, the exclusion
/// survives a restart on the same state directory, and deleting it brings the wide band back.
/// </summary>
public sealed class ExclusionApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Incident = "/api/v1/messages";
    private const string Healthy = "/api/v1/users";
    private readonly TempDirectory _directory = new("sidecar-exclusions-");
    private PrometheusServer _prometheus = null!;
    private long _endMs;

    private long IncidentStartMs => _endMs - 150 * 60_000L;

    private long IncidentEndMs => _endMs - 90 * 60_000L;

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
        _prometheus = await PrometheusServer.StartAsync([Route(Incident, incident: true), Route(Healthy, incident: false)]);
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Exclusion_OverIncident_NarrowsItsBandAtTheNextFitSurvivesRestartAndDeleteRestoresIt()
    {
        var config = _directory.Write("sidecar.yml", $$"""
            remote_read:
              - url: {{_prometheus.RemoteReadUrl}}
            defaults:
              fit_window: 6h
              fit_every: 10s
              infer_every: 10s
              min_history: 1h
            selectors:
              - {name: errors, match: 'http_errors{job="api"}'}
            """);
        string id;
        double before;
        await using (var app = await StartAsync(config))
        {
            using var http = Client(app);
            await Eventually.WaitAsync(async () => Width(await http.GetStringAsync("metrics"), Incident) is not null, "a band for the incident route");
            var text = await http.GetStringAsync("metrics");
            before = Width(text, Incident)!.Value;
            var healthy = Width(text, Healthy)!.Value;
            output.WriteLine($"band width before: incident route {before:F2}, healthy route {healthy:F2}");
            Assert.True(before > 5 * healthy, $"the incident should widen the band: {before} vs {healthy}");

            using var post = await http.PostAsync("api/v1/exclusions", Json(new Dictionary<string, object>
            {
                ["start"] = (IncidentStartMs - 5 * 60_000) / 1000,
                ["end"] = DateTimeOffset.FromUnixTimeMilliseconds(IncidentEndMs + 5 * 60_000).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["matcher"] = $"{{route=\"{Incident}\"}}",
                ["selector"] = "errors",
                ["comment"] = "INC-42 database failover",
                ["created_by"] = "alice",
            }));
            var body = await post.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            using var added = JsonDocument.Parse(body);
            Assert.Equal("success", added.RootElement.GetProperty("status").GetString());
            id = added.RootElement.GetProperty("data").GetProperty("id").GetString()!;
            Assert.Equal("alice", added.RootElement.GetProperty("data").GetProperty("created_by").GetString());

            await AfterTwoFitsAsync(http);
            text = await http.GetStringAsync("metrics");
            var after = Width(text, Incident)!.Value;
            output.WriteLine($"band width after the exclusion: incident route {after:F2}, healthy route {Width(text, Healthy):F2}");
            Assert.True(after < 2 * Width(text, Healthy)!.Value, $"excluded, the band should be as narrow as the healthy route's: {after} vs {Width(text, Healthy)}");
            var start = Assert.Single(ScrapedSample.Parse(text), s => s.Name == "sidecar_exclusion_start_seconds");
            Assert.Equal(id, start.Labels["id"]);
            Assert.Equal("INC-42 database failover", start.Labels["comment"]);
            Assert.Equal((IncidentStartMs - 5 * 60_000) / 1000.0, start.Value);
            Assert.Equal((IncidentEndMs + 5 * 60_000) / 1000.0, Assert.Single(ScrapedSample.Parse(text), s => s.Name == "sidecar_exclusion_end_seconds").Value);
            await app.StopAsync();
        }

        await using (var app = await StartAsync(config))
        {
            using var http = Client(app);
            using var listed = JsonDocument.Parse(await http.GetStringAsync("api/v1/exclusions"));
            var only = Assert.Single(listed.RootElement.GetProperty("data").EnumerateArray());
            Assert.Equal(id, only.GetProperty("id").GetString());
            await AfterTwoFitsAsync(http);
            var narrow = Width(await http.GetStringAsync("metrics"), Incident)!.Value;
            output.WriteLine($"band width after a restart and a refit: incident route {narrow:F2}");
            Assert.True(narrow < before / 5, $"after a restart and a refit the exclusion still applies: {narrow} vs {before}");

            using var delete = await http.DeleteAsync($"api/v1/exclusions/{id}");
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
            using var missing = await http.DeleteAsync($"api/v1/exclusions/{id}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            await AfterTwoFitsAsync(http);
            var text = await http.GetStringAsync("metrics");
            output.WriteLine($"band width after the delete: incident route {Width(text, Incident):F2}, healthy route {Width(text, Healthy):F2}");
            Assert.True(Width(text, Incident)!.Value > 5 * Width(text, Healthy)!.Value, "deleted, the incident widens the band again");
            Assert.DoesNotContain(ScrapedSample.Parse(text), s => s.Name == "sidecar_exclusion_start_seconds");
            using var empty = JsonDocument.Parse(await http.GetStringAsync("api/v1/exclusions"));
            Assert.Equal(0, empty.RootElement.GetProperty("data").GetArrayLength());
            await app.StopAsync();
        }
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

    private static StringContent Json(Dictionary<string, object> body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Waits for two more fits: the first may have started before the change.</summary>
    private static async Task AfterTwoFitsAsync(HttpClient http)
    {
        var fits = FitCount(await http.GetStringAsync("metrics"));
        await Eventually.WaitAsync(async () => FitCount(await http.GetStringAsync("metrics")) >= fits + 2, "two more fits");
    }

    private static double FitCount(string text) =>
        ScrapedSample.Parse(text).FirstOrDefault(s => s.Name == "sidecar_fit_duration_seconds_count")?.Value ?? 0;

    private static double? Width(string text, string route)
    {
        var samples = ScrapedSample.Parse(text).Where(s => s.Labels.GetValueOrDefault("route") == route).ToList();
        var upper = samples.FirstOrDefault(s => s.Name == "predicted_upper")?.Value;
        var lower = samples.FirstOrDefault(s => s.Name == "predicted_lower")?.Value;
        return upper - lower;
    }
}
