using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class AlertmanagerConfigTests
{
    private const string ConfigFile = "examples/alertmanager.yml";
    private const string Series = "{job=\"api\",metric=\"http_requests_total\",model=\"prophet\",route=\"/api/v1/messages\",selector=\"api_requests\"}";

    [Fact]
    public async Task AmtoolCheckConfig_Example_Valid()
    {
        var output = await Tool.RunAsync("amtool", "check-config", ConfigFile);

        Assert.Contains("SUCCESS", output);
        Assert.Contains("3 inhibit rules", output);
    }

    [Theory]
    [InlineData("severity=critical", "pager")]
    [InlineData("severity=warning", "tickets")]
    [InlineData("alertname=Watchdog", "tickets")]
    public async Task AmtoolRoutesTest_BySeverity_ReachesItsReceiver(string label, string receiver)
    {
        var output = await Tool.RunAsync("amtool", "config", "routes", "test", $"--config.file={ConfigFile}", "alertname=AnomalyDetected", label);

        Assert.Equal(receiver, output.Split('\n').First(l => !l.StartsWith("Warning", StringComparison.Ordinal)).Trim());
    }

    [Fact]
    public async Task Alertmanager_CriticalAndWarningOfOneSeries_OnlyTheCriticalIsActive()
    {
        await using var alertmanager = await RunningAlertmanager.StartAsync();

        await alertmanager.PostAsync(
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", Series), ("selector", "api_requests")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "critical"), ("anomaly_series", Series), ("selector", "api_requests")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", "{route=\"/other\"}"), ("selector", "api_requests")));
        var states = await alertmanager.SettledStatesAsync(3);

        Assert.Equal("suppressed", states[("warning", Series)]);
        Assert.Equal("active", states[("critical", Series)]);
        Assert.Equal("active", states[("warning", "{route=\"/other\"}")]);
    }

    [Fact]
    public async Task Alertmanager_TrafficDropOfASeries_SilencesAnomalyDetectedOfThatSeriesOnly()
    {
        await using var alertmanager = await RunningAlertmanager.StartAsync();

        await alertmanager.PostAsync(
            Alert(("alertname", "TrafficDrop"), ("severity", "critical"), ("anomaly_series", "a")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", "a")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", "b")));
        var states = await alertmanager.SettledStatesAsync(3);

        Assert.Equal("active", states[("critical", "a")]);
        Assert.Equal("suppressed", states[("warning", "a")]);
        Assert.Equal("active", states[("warning", "b")]);
    }

    private static JsonObject Alert(params (string Name, string Value)[] labels) => new()
    {
        ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Name, (JsonNode?)l.Value))),
        ["annotations"] = new JsonObject { ["summary"] = "test" },
        ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
    };

    /// <summary>A real Alertmanager with the example config on free loopback ports, its storage in a temp directory.</summary>
    private sealed class RunningAlertmanager : IAsyncDisposable
    {
        private readonly ExternalProcess _process;
        private readonly HttpClient _http;
        private readonly TempDirectory _directory;

        private RunningAlertmanager(ExternalProcess process, HttpClient http, TempDirectory directory)
        {
            _process = process;
            _http = http;
            _directory = directory;
        }

        public static async Task<RunningAlertmanager> StartAsync()
        {
            var directory = new TempDirectory("sidecar-am-");
            var port = FreePort.Next();
            var process = ExternalProcess.Start(
                "prometheus-alertmanager",
                [
                    $"--config.file={Repo.Path(ConfigFile)}", $"--storage.path={directory.Path}",
                    $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                ]);
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var running = new RunningAlertmanager(process, http, directory);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                Assert.False(process.HasExited, $"alertmanager exited:\n{process.Output}");
                try
                {
                    using var response = await http.GetAsync("-/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        return running;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (DateTime.UtcNow > deadline)
                {
                    await running.DisposeAsync();
                    Assert.Fail($"alertmanager not ready after 30s:\n{process.Output}");
                }

                await Task.Delay(100);
            }
        }

        public async Task PostAsync(params JsonObject[] alerts)
        {
            using var response = await _http.PostAsJsonAsync("api/v2/alerts", new JsonArray(alerts));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        /// <summary>State per (severity, anomaly_series) once all <paramref name="count"/> alerts are processed.</summary>
        public async Task<Dictionary<(string Severity, string Series), string>> SettledStatesAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                using var doc = JsonDocument.Parse(await _http.GetStringAsync("api/v2/alerts"));
                var alerts = doc.RootElement.EnumerateArray().ToList();
                var states = alerts.ToDictionary(
                    a => (Label(a, "severity"), Label(a, "anomaly_series")),
                    a => a.GetProperty("status").GetProperty("state").GetString()!);
                if ((alerts.Count == count && !states.ContainsValue("unprocessed") && states.ContainsValue("suppressed"))
                    || DateTime.UtcNow > deadline)
                {
                    return states;
                }

                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _process.DisposeAsync();
            _directory.Dispose();
        }

        private static string Label(JsonElement alert, string name) =>
            alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString()! : "";
    }
}
