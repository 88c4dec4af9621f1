using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sidecar.Testing;
using Sidecar.Tests.Examples;

namespace Sidecar.Tests.Rules;

public sealed class SidecarAlertsTests
{
    private const string RulesFile = "rules/sidecar-alerts.yml";
    private const string TestFile = "rules/sidecar-alerts.test.yml";

    private static readonly Lazy<List<JsonObject>> s_alerts = new(() =>
        Groups(YamlFile.Load(Repo.Path(RulesFile)))
            .SelectMany(g => g["rules"]!.AsArray().Select(r => r!.AsObject()))
            .Where(r => r["alert"] is not null)
            .ToList());

    public static TheoryData<string> AlertNames => new(s_alerts.Value.Select(a => (string)a["alert"]!).Distinct());

    [Fact]
    public async Task PromtoolCheckRules_RulesFile_Succeeds()
    {
        var output = await Tool.RunAsync("promtool", "check", "rules", RulesFile);

        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task PromtoolTestRules_TestFile_AllPass()
    {
        var output = await Tool.RunAsync("promtool", "test", "rules", TestFile);

        Assert.Contains("SUCCESS", output);
        Assert.DoesNotContain("FAILED", output);
    }

    [Fact]
    public void RulesFile_ExpectedAlerts_AllPresent()
    {
        Assert.Equal(
            [
                "AnomalyDetected", "SidecarConfigReloadFailed", "SidecarDown", "SidecarModelErrors", "SidecarModelsStale",
                "SidecarRemoteReadDown", "SidecarRemoteReadErrors", "SidecarRunsSkipped", "SidecarSeriesDropped",
                "SidecarStateWriteFailing", "TrafficDrop",
            ],
            s_alerts.Value.Select(a => (string)a["alert"]!).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Alert_Annotations_SummaryDescriptionRunbookAndUrlToItsRunbookSection(string alert)
    {
        var runbook = File.ReadAllText(Repo.Path("docs/runbook.md"));

        foreach (var rule in s_alerts.Value.Where(a => (string)a["alert"]! == alert))
        {
            var annotations = rule["annotations"]!.AsObject();
            Assert.False(string.IsNullOrWhiteSpace((string?)annotations["summary"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)annotations["description"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)annotations["runbook"]));
            Assert.Equal($"docs/runbook.md#{alert.ToLowerInvariant()}", (string?)annotations["runbook_url"]);
        }

        Assert.Matches(new Regex($"^## {alert}$", RegexOptions.Multiline), runbook);
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Alert_Rules_OnePagePerEpisodeWithAKnownSeverity(string alert)
    {
        // Every alert is held (for:) before it fires, or pages at once and keeps firing across short dips
        // (keep_firing_for:), as AnomalyDetected does (docs/quality.md, "Paging semantics").
        foreach (var rule in s_alerts.Value.Where(a => (string)a["alert"]! == alert))
        {
            Assert.Contains((string?)rule["labels"]?["severity"], new[] { "warning", "critical" });
            Assert.True(rule["for"] is not null || rule["keep_firing_for"] is not null, $"{alert} has neither for: nor keep_firing_for:");
        }
    }

    [Fact]
    public async Task RulesFile_EveryExpression_UsesOnlyExposedMetricsOrRulesRecordedHere()
    {
        var rules = Groups(YamlFile.Load(Repo.Path(RulesFile))).SelectMany(g => g["rules"]!.AsArray()).Select(r => r!.AsObject()).ToList();
        var known = (await ExposedMetricNames.GetAsync())
            .Concat(rules.Select(r => (string?)r["record"]).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);

        var used = rules.SelectMany(r => PromQlMetricNames.Of((string)r["expr"]!)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("anomaly_score", used);
        var unknown = used.Except(known).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void AnomalyDetected_TwoSeverities_DistinctThresholdsAndTheSameSeriesIdentity()
    {
        var rules = s_alerts.Value.Where(a => (string)a["alert"]! == "AnomalyDetected").ToList();

        Assert.Equal(["anomaly_score > 1", "anomaly_score > 2"], rules.Select(r => (string)r["expr"]!).Order(StringComparer.Ordinal));
        Assert.Equal(["critical", "warning"], rules.Select(r => (string)r["labels"]!["severity"]!).Order(StringComparer.Ordinal));
        Assert.Single(rules.Select(r => (string)r["labels"]!["anomaly_series"]!).Distinct());
        Assert.All(rules, r => Assert.Null(r["for"]));
        Assert.All(rules, r => Assert.Equal("10m", (string?)r["keep_firing_for"]));
    }

    /// <summary>
    /// The unit tests must take every alert through its life: pending (an ALERTS{alertstate="pending"} sample; for an
    /// alert without for:, an ALERTS{alertstate="pending"} test that expects nothing, since it fires at once),
    /// firing (a non-empty exp_alerts) and resolved (an empty exp_alerts after a firing one in the same test).
    /// </summary>
    [Theory]
    [MemberData(nameof(AlertNames))]
    public void TestFile_Alert_CoveredPendingFiringAndResolved(string alert)
    {
        var tests = YamlFile.Load(Repo.Path(TestFile))["tests"]!.AsArray().Select(t => t!.AsObject()).ToList();

        var pending = tests
            .SelectMany(t => t["promql_expr_test"]?.AsArray() ?? [])
            .SelectMany(e => e!["exp_samples"]?.AsArray() ?? [])
            .Select(s => (string?)s!["labels"] ?? "")
            .Any(l => l.StartsWith("ALERTS{", StringComparison.Ordinal)
                && l.Contains($"alertname=\"{alert}\"", StringComparison.Ordinal)
                && l.Contains("alertstate=\"pending\"", StringComparison.Ordinal));
        if (s_alerts.Value.Where(a => (string)a["alert"]! == alert).All(a => a["for"] is null))
        {
            pending = tests
                .SelectMany(t => t["promql_expr_test"]?.AsArray() ?? [])
                .Any(e => ((string?)e!["expr"] ?? "").Replace(" ", "", StringComparison.Ordinal) == $"ALERTS{{alertname=\"{alert}\",alertstate=\"pending\"}}"
                    && (e["exp_samples"]?.AsArray().Count ?? 0) == 0);
        }

        var lifecycle = tests.Any(t =>
        {
            var evaluations = (t["alert_rule_test"]?.AsArray() ?? [])
                .Select(e => e!.AsObject())
                .Where(e => (string?)e["alertname"] == alert)
                .Select(e => (Minutes: Minutes((string)e["eval_time"]!), Firing: (e["exp_alerts"]?.AsArray().Count ?? 0) > 0))
                .OrderBy(e => e.Minutes)
                .ToList();
            var firstFiring = evaluations.FindIndex(e => e.Firing);
            return firstFiring > 0
                && !evaluations[0].Firing
                && evaluations.Skip(firstFiring + 1).Any(e => !e.Firing);
        });

        Assert.True(pending, $"no ALERTS{{alertname=\"{alert}\",alertstate=\"pending\"}} expectation in {TestFile}");
        Assert.True(lifecycle, $"no test in {TestFile} takes {alert} from quiet to firing to resolved");
    }

    private static IEnumerable<JsonObject> Groups(JsonNode file) => file["groups"]!.AsArray().Select(g => g!.AsObject());

    private static int Minutes(string duration) =>
        duration.EndsWith('m') ? int.Parse(duration[..^1], System.Globalization.CultureInfo.InvariantCulture)
        : duration.EndsWith('h') ? 60 * int.Parse(duration[..^1], System.Globalization.CultureInfo.InvariantCulture)
        : throw new FormatException($"eval_time {duration}: use minutes or hours");
}
