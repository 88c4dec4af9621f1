using System.Text.Json.Nodes;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class PrometheusConfigTests
{
    private const string ConfigFile = "examples/prometheus.yml";

    [Fact]
    public async Task PromtoolCheckConfig_Example_ValidAndItsRuleFilesResolveAndPass()
    {
        var output = await Tool.RunAsync("promtool", "check", "config", ConfigFile);

        Assert.Contains("SUCCESS: 1 rule files found", output);
        Assert.Contains("Checking rules/sidecar-alerts.yml", output.Replace("examples/../", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Config_SidecarJob_ScrapesPort9717WithHonorLabels()
    {
        var job = ScrapeConfigs().Single(j => (string?)j["job_name"] == "sidecar");

        Assert.Equal("true", (string?)job["honor_labels"]);
        Assert.Equal("127.0.0.1:9717", (string?)job["static_configs"]![0]!["targets"]![0]);
    }

    [Fact]
    public void Config_Alerting_SendsToTheLocalAlertmanager()
    {
        var config = YamlFile.Load(Repo.Path(ConfigFile));

        Assert.Equal("127.0.0.1:9093", (string?)config["alerting"]!["alertmanagers"]![0]!["static_configs"]![0]!["targets"]![0]);
    }

    private static IEnumerable<JsonObject> ScrapeConfigs() =>
        YamlFile.Load(Repo.Path(ConfigFile))["scrape_configs"]!.AsArray().Select(j => j!.AsObject());
}
