using System.Text.Json.Nodes;

namespace Sidecar.Tests.Examples;

public sealed class DockerComposeTests
{
    private const string ComposeFile = "examples/docker-compose.yml";

    private static readonly Lazy<JsonObject> s_services = new(() => YamlFile.Load(Repo.Path(ComposeFile))["services"]!.AsObject());

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
        var build = services["sample-data"]!["build"]!;
        Assert.Equal("..", (string?)build["context"]);
        Assert.Equal("Dockerfile", (string?)build["dockerfile"]);
        Assert.Equal((string?)services["sample-data"]!["image"], (string?)services["sidecar"]!["image"]);
    }

    [Fact]
    public void Compose_SidecarAndAlertmanager_SharePrometheusNetworkLikeAPod()
    {
        Assert.Equal("service:prometheus", (string?)s_services.Value["sidecar"]!["network_mode"]);
        Assert.Equal("service:prometheus", (string?)s_services.Value["alertmanager"]!["network_mode"]);
        Assert.Contains("9717:9717", s_services.Value["prometheus"]!["ports"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public void Compose_Prometheus_UsesTheExampleConfigWithItsRelativeRulePath()
    {
        var prometheus = s_services.Value["prometheus"]!;
        var mounts = prometheus["volumes"]!.AsArray().Select(v => (string)v!).ToList();
        var configFlag = prometheus["command"]!.AsArray().Select(c => (string)c!).Single(c => c.StartsWith("--config.file=", StringComparison.Ordinal));

        // The config says ../rules/sidecar-alerts.yml; mounted side by side it resolves as in the repository.
        Assert.Equal("--config.file=/etc/sidecar-demo/examples/prometheus.yml", configFlag);
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
