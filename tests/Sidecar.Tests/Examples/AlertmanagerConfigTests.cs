using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class AlertmanagerConfigTests
{
    private const string ConfigFile = "examples/alertmanager.yml";
    private const string Series = "{job=\"api\",metric=\"http_requests_total\",route=\"/api/v1/messages\",selector=\"api_requests\"}";

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
        await using var alertmanager = await StartExampleAsync();

        await PostAsync(
            alertmanager,
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", Series), ("selector", "api_requests")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "critical"), ("anomaly_series", Series), ("selector", "api_requests")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", "{route=\"/other\"}"), ("selector", "api_requests")));
        var states = await SettledStatesAsync(alertmanager, 3);

        Assert.Equal("suppressed", states[("warning", Series)]);
        Assert.Equal("active", states[("critical", Series)]);
        Assert.Equal("active", states[("warning", "{route=\"/other\"}")]);
    }

    [Fact]
    public async Task Alertmanager_TrafficDropOfASeries_SilencesAnomalyDetectedOfThatSeriesOnly()
    {
        await using var alertmanager = await StartExampleAsync();

        await PostAsync(
            alertmanager,
            Alert(("alertname", "TrafficDrop"), ("severity", "critical"), ("anomaly_series", "a")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", "a")),
            Alert(("alertname", "AnomalyDetected"), ("severity", "warning"), ("anomaly_series", "b")));
        var states = await SettledStatesAsync(alertmanager, 3);

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

    /// <summary>A real Alertmanager running the example config.</summary>
    private static Task<AlertmanagerServer> StartExampleAsync() =>
        AlertmanagerServer.StartAsync(File.ReadAllText(Repo.Path(ConfigFile)));

    private static Task PostAsync(AlertmanagerServer alertmanager, params JsonObject[] alerts) =>
        alertmanager.PostAlertsAsync(new JsonArray(alerts).ToJsonString());

    /// <summary>State per (severity, anomaly_series) once all <paramref name="count"/> alerts are processed.</summary>
    private static async Task<Dictionary<(string Severity, string Series), string>> SettledStatesAsync(AlertmanagerServer alertmanager, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var doc = JsonDocument.Parse(await alertmanager.GetAlertsJsonAsync());
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

    private static string Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString()! : "";
}
