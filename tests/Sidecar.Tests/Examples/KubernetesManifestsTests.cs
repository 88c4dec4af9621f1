using System.Text.Json.Nodes;
using Sidecar.Config.Binding;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class KubernetesManifestsTests
{
    private const string Directory = "examples/kubernetes";

    private static readonly Lazy<List<JsonObject>> s_resources = new(() =>
        System.IO.Directory.GetFiles(Repo.Path(Directory), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(YamlFile.LoadAll)
            .OfType<JsonObject>()
            .ToList());

    [Fact]
    public void Manifests_EveryFile_ParsesIntoResourcesWithKindAndName()
    {
        Assert.All(s_resources.Value, r =>
        {
            Assert.False(string.IsNullOrEmpty((string?)r["apiVersion"]));
            Assert.False(string.IsNullOrEmpty((string?)r["kind"]));
            Assert.False(string.IsNullOrEmpty((string?)r["metadata"]?["name"]));
        });
        Assert.Equal(
            ["ConfigMap", "Prometheus", "PrometheusRule", "Service", "ServiceMonitor"],
            s_resources.Value.Select(r => (string)r["kind"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kustomization_Resources_AreExactlyTheManifestFiles()
    {
        var listed = YamlFile.Load(Repo.Path($"{Directory}/kustomization.yaml"))["resources"]!.AsArray().Select(r => (string)r!);
        var files = System.IO.Directory.GetFiles(Repo.Path(Directory), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PrometheusRule_Groups_IdenticalToTheRulesFile()
    {
        var rule = Resource("PrometheusRule");
        var rules = YamlFile.Load(Repo.Path("rules/sidecar-alerts.yml"));

        Assert.Equal(YamlFile.Canonical(rules["groups"]), YamlFile.Canonical(rule["spec"]!["groups"]));
    }

    [Fact]
    public async Task PrometheusRule_Groups_PassPromtool()
    {
        using var dir = new TempDirectory("sidecar-prometheusrule-");
        var file = dir.Write("rules.yml", new JsonObject { ["groups"] = Resource("PrometheusRule")["spec"]!["groups"]!.DeepClone() }.ToJsonString());

        var count = YamlFile.Load(Repo.Path("rules/sidecar-alerts.yml"))["groups"]!.AsArray().Sum(g => g!["rules"]!.AsArray().Count);
        Assert.Contains($"SUCCESS: {count} rules found", await Tool.RunAsync("promtool", "check", "rules", file));
    }

    [Fact]
    public void Prometheus_SidecarContainer_ReadsItsConfigMapServes9717AndProbesHealthAndReadiness()
    {
        var spec = Resource("Prometheus")["spec"]!;
        var container = spec["containers"]!.AsArray().Single(c => (string?)c!["name"] == "sidecar")!;
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        var configMount = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "sidecar-config")!;
        var configVolume = spec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "sidecar-config")!;

        Assert.Equal("run", args[0]);
        Assert.Contains($"--config.file={(string)configMount["mountPath"]!}/sidecar.yml", args);
        Assert.Equal((string?)Resource("ConfigMap")["metadata"]!["name"], (string?)configVolume["configMap"]!["name"]);
        Assert.Contains("--web.listen-address=:9717", args);
        Assert.Equal("9717", (string?)container["ports"]![0]!["containerPort"]);
        Assert.Equal("/-/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/-/healthy", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("true", (string?)container["securityContext"]!["runAsNonRoot"]);
    }

    [Fact]
    public void ConfigMap_SidecarConfig_ValidWithoutWarningsAndReadsPrometheusInTheSamePod()
    {
        var text = (string)Resource("ConfigMap")["data"]!["sidecar.yml"]!;

        var result = ConfigLoader.Load(text, $"{Directory}/sidecar-configmap.yaml#sidecar.yml");

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        Assert.Equal("http://127.0.0.1:9090/api/v1/read", YamlFile.LoadAllText(text).Single()!["remote_read"]![0]!["url"]!.ToString());
        Assert.Equal(3, result.Config!.Selectors.Count);
    }

    [Fact]
    public void ServiceMonitor_Endpoint_HonorsLabelsOnTheServicePortThatSelectsThePrometheusPods()
    {
        var monitor = Resource("ServiceMonitor")["spec"]!;
        var service = Resource("Service");
        var endpoint = monitor["endpoints"]![0]!;

        Assert.Equal("true", (string?)endpoint["honorLabels"]);
        Assert.Equal((string?)service["spec"]!["ports"]![0]!["name"], (string?)endpoint["port"]);
        Assert.Equal(
            YamlFile.Canonical(monitor["selector"]!["matchLabels"]),
            YamlFile.Canonical(new JsonObject(service["metadata"]!["labels"]!.AsObject()
                .Where(l => monitor["selector"]!["matchLabels"]!.AsObject().ContainsKey(l.Key))
                .Select(l => KeyValuePair.Create(l.Key, l.Value?.DeepClone())))));
        Assert.Equal("main", (string?)service["spec"]!["selector"]!["app.kubernetes.io/instance"]);
        Assert.Equal("main", (string?)Resource("Prometheus")["metadata"]!["name"]);
    }

    private static JsonObject Resource(string kind) => s_resources.Value.Single(r => (string?)r["kind"] == kind);
}
