using System.Text.Json.Nodes;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class GrafanaDashboardTests
{
    private const string DashboardFile = "examples/grafana/dashboards/sidecar.json";

    private static readonly Lazy<JsonObject> s_dashboard = new(() =>
        JsonNode.Parse(File.ReadAllText(Repo.Path(DashboardFile)))!.AsObject());

    [Fact]
    public async Task Dashboard_EveryExpression_UsesOnlyExposedMetricsOrRecordedRules()
    {
        var known = (await ExposedMetricNames.GetAsync()).Concat(RecordedNames()).ToHashSet(StringComparer.Ordinal);

        var unknown = Expressions().Select(e => e.Replace("${series:raw}", "job=\"api\"", StringComparison.Ordinal)).SelectMany(PromQlMetricNames.Of).Where(n => !known.Contains(n)).Distinct().ToList();

        Assert.True(Expressions().Count() > 20, "expressions not found in the dashboard");
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task Dashboard_EveryExpression_ParsesWithPromtool()
    {
        // promtool checks PromQL as recording rules; dashboard variables get a value first.
        var rules = new JsonArray(Expressions().Distinct().Select((e, i) => (JsonNode)new JsonObject
        {
            ["record"] = $"dashboard_expr_{i}",
            ["expr"] = e.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                .Replace("$selector", "api_requests", StringComparison.Ordinal)
                .Replace("${series:raw}", "job=\"api\",route=\"/x\"", StringComparison.Ordinal),
        }).ToArray());
        using var dir = new TempDirectory("sidecar-dashboard-");
        var file = dir.Write("rules.yml", new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "d", ["rules"] = rules }) }.ToJsonString());

        var output = await Tool.RunAsync("promtool", "check", "rules", "--lint=none", file);

        Assert.Contains($"SUCCESS: {rules.Count} rules found", output);
    }

    [Fact]
    public void Dashboard_Variables_SelectorThenItsSeries()
    {
        var variables = s_dashboard.Value["templating"]!["list"]!.AsArray().Select(v => v!.AsObject()).ToList();

        Assert.Equal(["datasource", "selector", "series"], variables.Select(v => (string)v["name"]!));
        Assert.Contains("anomaly_score", (string)variables[1]["definition"]!);
        Assert.Contains("$selector", (string)variables[2]["definition"]!);
    }

    [Fact]
    public void Dashboard_ValuePanel_ShadesTheBandBetweenLowerAndUpperBehindValueAndPredicted()
    {
        var panel = Panels().Single(p => (string?)p["title"] == "$series");

        Assert.Equal(["upper", "lower", "predicted ({{model}})", "value"], Targets(panel).Select(t => (string)t["legendFormat"]!));
        var upper = panel["fieldConfig"]!["overrides"]!.AsArray().Single(o => (string?)o!["matcher"]!["options"] == "upper")!;
        Assert.Contains(upper["properties"]!.AsArray(), p => (string?)p!["id"] == "custom.fillBelowTo" && (string?)p["value"] == "lower");
    }

    [Fact]
    public void Dashboard_ForecastPanel_DrawsTheBandAheadOfNowWithoutTheModelInfoJoin()
    {
        var panel = Panels().Single(p => (string?)p["title"] == "Forecast $series");

        // The info metric exists only where it was scraped: a join would cut the remote-read forecast off at now.
        Assert.Equal(["upper", "lower", "predicted", "value"], Targets(panel).Select(t => (string)t["legendFormat"]!));
        Assert.All(Targets(panel), t => Assert.DoesNotContain("sidecar_series_model_info", (string)t["expr"]!, StringComparison.Ordinal));
        var upper = panel["fieldConfig"]!["overrides"]!.AsArray().Single(o => (string?)o!["matcher"]!["options"] == "upper")!;
        Assert.Contains(upper["properties"]!.AsArray(), p => (string?)p!["id"] == "custom.fillBelowTo" && (string?)p["value"] == "lower");
        Assert.StartsWith("now+", (string)s_dashboard.Value["time"]!["to"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_ScorePanel_ThresholdLinesAtOneAndTwo()
    {
        var panel = Panels().Single(p => (string?)p["title"] == "Anomaly score");
        var defaults = panel["fieldConfig"]!["defaults"]!;

        Assert.StartsWith("anomaly_score{", (string)Targets(panel).Single()["expr"]!);
        Assert.Equal(["1", "2"], defaults["thresholds"]!["steps"]!.AsArray().Skip(1).Select(s => s!["value"]!.ToJsonString()));
        Assert.Equal("dashed", (string?)defaults["custom"]!["thresholdsStyle"]!["mode"]);
    }

    [Fact]
    public void Dashboard_SelfMonitoringRow_CoversHealthRemoteReadFitsAndSeries()
    {
        var row = s_dashboard.Value["panels"]!.AsArray().Single(p => (string?)p!["title"] == "Self-monitoring")!;
        var names = row["panels"]!.AsArray().SelectMany(p => Targets(p!.AsObject())).SelectMany(t => PromQlMetricNames.Of((string)t["expr"]!)).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "up", "sidecar_remote_read_up", "sidecar_remote_read_responses_total", "sidecar_fit_duration_seconds_bucket",
                "sidecar_last_successful_fit_timestamp_seconds", "sidecar_series", "sidecar_model_errors_total",
                "sidecar_config_last_reload_successful",
            },
            names);
    }

    [Fact]
    public void Dashboard_EveryPanel_UsesTheDatasourceVariable()
    {
        Assert.All(Panels().Where(p => (string?)p["type"] != "row"), p => Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]));
    }

    [Fact]
    public void Provisioning_DatasourceAndDashboardProvider_PointWhereComposeMountsThem()
    {
        var datasource = YamlFile.Load(Repo.Path("examples/grafana/provisioning/datasources/prometheus.yml"))["datasources"]![0]!;
        var provider = YamlFile.Load(Repo.Path("examples/grafana/provisioning/dashboards/sidecar.yml"))["providers"]![0]!;
        var grafana = YamlFile.Load(Repo.Path("examples/docker-compose.yml"))["services"]!["grafana"]!;
        var mounts = grafana["volumes"]!.AsArray().Select(v => (string)v!).ToList();

        Assert.Equal("prometheus", (string?)datasource["type"]);
        Assert.Equal("http://prometheus:9090", (string?)datasource["url"]);
        Assert.Contains($"./grafana/dashboards:{(string)provider["options"]!["path"]!}:ro", mounts);
    }

    private static IEnumerable<JsonObject> Panels()
    {
        foreach (var panel in s_dashboard.Value["panels"]!.AsArray().Select(p => p!.AsObject()))
        {
            yield return panel;
            foreach (var inner in panel["panels"]?.AsArray() ?? [])
            {
                yield return inner!.AsObject();
            }
        }
    }

    private static IEnumerable<JsonObject> Targets(JsonObject panel) =>
        (panel["targets"]?.AsArray() ?? []).Select(t => t!.AsObject());

    private static IEnumerable<string> Expressions() =>
        Panels().SelectMany(Targets).Select(t => (string)t["expr"]!)
            .Concat(s_dashboard.Value["annotations"]!["list"]!.AsArray().Select(a => (string?)a!["expr"]).OfType<string>());

    private static IEnumerable<string> RecordedNames() =>
        YamlFile.Load(Repo.Path("rules/sidecar-alerts.yml"))["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => (string?)r!["record"])
            .OfType<string>();
}
