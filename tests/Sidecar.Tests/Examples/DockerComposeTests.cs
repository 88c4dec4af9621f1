using System.Text.Json.Nodes;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class DockerComposeTests
{
    private const string ComposeFile = "examples/docker-compose.yml";

    private static readonly Lazy<JsonObject> s_services = new(() => YamlFile.Load(Repo.Path(ComposeFile))["services"]!.AsObject());

    private static string Script(JsonNode service) => string.Join('\n', service["command"]!.AsArray().Select(c => (string)c!));

    [Fact]
    public async Task DockerComposeConfig_Example_Valid()
    {
        // docker-compose validates against the Compose schema without a Docker daemon.
        await Tool.RunAsync("docker-compose", "-f", ComposeFile, "config", "--quiet");
    }

    [Fact]
    public void Compose_Services_PrometheusAlertmanagerGrafanaAndTheSidecarBuiltFromTheDockerfile()
    {
        var services = s_services.Value;

        Assert.Superset(new HashSet<string> { "prometheus", "alertmanager", "grafana", "sidecar" }, services.Select(s => s.Key).ToHashSet());
        // The service runs from the service image; the sample traffic from the toolbox image (sidecartool).
        var sidecar = services["sidecar"]!["build"]!;
        Assert.Equal("..", (string?)sidecar["context"]);
        Assert.Equal("Dockerfile", (string?)sidecar["dockerfile"]);
        var tools = services["sample-data"]!["build"]!;
        Assert.Equal("..", (string?)tools["context"]);
        Assert.Equal("Dockerfile.tools", (string?)tools["dockerfile"]);
        Assert.NotEqual((string?)services["sample-data"]!["image"], (string?)services["sidecar"]!["image"]);
    }

    [Theory]
    [InlineData("sidecar")]
    [InlineData("alertmanager")]
    [InlineData("sample-data")]
    public void Compose_Service_SharesPrometheusNetworkLikeAPodAndPublishesThere(string service)
    {
        Assert.Equal("service:prometheus", (string?)s_services.Value[service]!["network_mode"]);
        Assert.Null(s_services.Value[service]!["ports"]);
        Assert.Equal(["9090:9090", "9717:9717", "9093:9093", "9718:9718"], s_services.Value["prometheus"]!["ports"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public void Compose_Sidecar_StartsOnlyOnceBackfilledPrometheusIsReady()
    {
        var prometheus = s_services.Value["prometheus"]!;

        Assert.Equal("service_healthy", (string?)s_services.Value["sidecar"]!["depends_on"]!["prometheus"]!["condition"]);
        Assert.Contains("/-/ready", string.Join(' ', prometheus["healthcheck"]!["test"]!.AsArray().Select(t => (string)t!)));
        Assert.Contains("promtool tsdb create-blocks-from openmetrics", Script(prometheus));
    }

    [Fact]
    public void Compose_SampleData_ServesLiveWhereTheExamplePrometheusConfigScrapesIt()
    {
        var command = s_services.Value["sample-data"]!["command"]!.AsArray().Select(c => (string)c!).ToList();
        var job = YamlFile.Load(Repo.Path("examples/prometheus.yml"))["scrape_configs"]!.AsArray()
            .Single(j => (string?)j!["job_name"] == "sample-traffic")!;

        Assert.Equal("sample-data", command[0]);
        Assert.Equal((string?)job["static_configs"]![0]!["targets"]![0], command[command.IndexOf("--serve") + 1]);
        Assert.Equal("true", (string?)job["honor_labels"]);
    }

    [Fact]
    public void Compose_Prometheus_UsesTheExampleConfigWithItsRelativeRulePath()
    {
        var prometheus = s_services.Value["prometheus"]!;
        var mounts = prometheus["volumes"]!.AsArray().Select(v => (string)v!).ToList();

        // The config says ../rules/sidecar-alerts.yml; mounted side by side it resolves as in the repository.
        Assert.Contains("--config.file=/etc/sidecar-demo/examples/prometheus.yml", Script(prometheus));
        Assert.Contains("./prometheus.yml:/etc/sidecar-demo/examples/prometheus.yml:ro", mounts);
        Assert.Contains("../rules:/etc/sidecar-demo/rules:ro", mounts);
    }

    [Fact]
    public void Compose_EveryBindMount_ExistsInTheRepository()
    {
        var sources = s_services.Value
            .SelectMany(s => s.Value!["volumes"]?.AsArray() ?? [])
            .Select(v => ((string)v!).Split(':')[0])
            .Where(source => source.StartsWith('.'))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            var path = Path.GetFullPath(Path.Combine(Repo.Path("examples"), source));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{source} does not exist");
        });
    }
}
