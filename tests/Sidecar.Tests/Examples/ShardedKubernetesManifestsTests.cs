using System.Text.Json.Nodes;
using Sidecar.Config.Binding;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

/// <summary><c>examples/kubernetes/sharded</c>: a StatefulSet of shards, each with its own state volume.</summary>
public sealed class ShardedKubernetesManifestsTests
{
    private const string Directory = "examples/kubernetes/sharded";

    private static readonly Lazy<List<JsonObject>> s_resources = new(() =>
        System.IO.Directory.GetFiles(Repo.Path(Directory), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(YamlFile.LoadAll)
            .OfType<JsonObject>()
            .ToList());

    [Fact]
    public void Manifests_AreTheListedResources()
    {
        var listed = YamlFile.Load(Repo.Path($"{Directory}/kustomization.yaml"))["resources"]!.AsArray().Select(r => (string)r!);
        var files = System.IO.Directory.GetFiles(Repo.Path(Directory), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["ConfigMap", "Service", "ServiceMonitor", "StatefulSet"],
            s_resources.Value.Select(r => (string)r["kind"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StatefulSet_ShardCountIsReplicas_IndexFromThePodOrdinal_StateOnAClaimPerPod()
    {
        var set = Resource("StatefulSet")["spec"]!;
        var container = set["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "sidecar")!;
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        var claim = Assert.Single(set["volumeClaimTemplates"]!.AsArray())!;
        var stateMount = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)claim["metadata"]!["name"])!;

        Assert.Equal("run", args[0]);
        Assert.Contains($"--shard.count={(string)set["replicas"]!.ToString()}", args);
        Assert.Contains("--shard.index-from-hostname", args);
        Assert.DoesNotContain(args, a => a.StartsWith("--shard.index=", StringComparison.Ordinal));
        Assert.Contains($"--storage.path={(string)stateMount["mountPath"]!}", args);
        Assert.Equal((string?)Resource("Service")["metadata"]!["name"], (string?)set["serviceName"]);

        // The pod names the StatefulSet gives are the shard indexes 0..replicas-1.
        var replicas = int.Parse(set["replicas"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var name = (string)Resource("StatefulSet")["metadata"]!["name"]!;
        Assert.Equal(Enumerable.Range(0, replicas).Cast<int?>(), Enumerable.Range(0, replicas).Select(i => SeriesShard.OrdinalOf($"{name}-{i}")));
    }

    [Fact]
    public void ConfigMap_SidecarConfig_ValidWithoutWarnings()
    {
        var text = (string)Resource("ConfigMap")["data"]!["sidecar.yml"]!;

        var result = ConfigLoader.Load(text, $"{Directory}/sidecar-configmap.yaml#sidecar.yml");

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var volume = Resource("StatefulSet")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => v!["configMap"] is not null)!;
        Assert.Equal((string?)Resource("ConfigMap")["metadata"]!["name"], (string?)volume["configMap"]!["name"]);
    }

    [Fact]
    public void ServiceMonitor_SelectsTheHeadlessService_JobSidecar_HonorLabels()
    {
        var monitor = Resource("ServiceMonitor")["spec"]!;
        var service = Resource("Service");
        var labels = service["metadata"]!["labels"]!.AsObject();

        Assert.Equal("None", (string?)service["spec"]!["clusterIP"]);
        Assert.All(monitor["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string?)l.Value, (string?)labels[l.Key]));
        Assert.Equal("sidecar", (string?)labels[(string)monitor["jobLabel"]!]);
        Assert.Equal("true", (string?)monitor["endpoints"]![0]!["honorLabels"]);
        Assert.Equal(
            YamlFile.Canonical(service["spec"]!["selector"]),
            YamlFile.Canonical(Resource("StatefulSet")["spec"]!["selector"]!["matchLabels"]));
    }

    private static JsonObject Resource(string kind) => s_resources.Value.Single(r => (string?)r["kind"] == kind);
}
