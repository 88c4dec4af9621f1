using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

/// <summary>
/// The dashboard's <c>$series</c> variable holds a label-matcher list (<c>instance="127.0.0.1:9090",…</c>) and is
/// multi-value with All, so that each series gets its own repeated row. Grafana's Prometheus data source
/// regex-escapes the value of such a variable unless the query asks for <c>:raw</c>, and an escaped dot inside an
/// <c>=</c> matcher matches nothing: the panels of nearly every <c>instance</c> were empty. Checked against a real
/// Prometheus with a label value that has dots.
/// </summary>
public sealed class GrafanaSeriesVariableTests : IAsyncLifetime
{
    private const long Minute = 60_000;
    private PrometheusServer _prometheus = null!;
    private long _endMs;

    public async Task InitializeAsync()
    {
        _endMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / Minute - 1) * Minute;
        var timestamps = Enumerable.Range(0, 60).Select(i => _endMs - (i * Minute)).Reverse().ToArray();
        var series = new List<TimeSeries>();
        foreach (var (names, job) in new[] { (OutputFamilyNames.Default, "default"), (OutputFamilyNames.Vmanomaly, "vmanomaly") })
        {
            // Each naming's series under its own job, so a dashboard that reads the other naming's names finds nothing.
            var labels = new[] { (names.SelectorLabel, "node"), ("metric", "up"), ("instance", "127.0.0.1:9090"), ("job", job) };
            series.AddRange(new[] { names.AnomalyScore, names.Predicted, names.PredictedLower, names.PredictedUpper, names.Value }
                .Select(name => new TimeSeries(LabelSet.From([("__name__", name), .. labels]), timestamps, timestamps.Select(_ => 1.0).ToArray())));
            series.Add(new TimeSeries(
                LabelSet.From([("__name__", OutputFamilyNames.ModelInfo), .. labels, ("model", "prophet")]), timestamps, timestamps.Select(_ => 1.0).ToArray()));
        }

        _prometheus = await PrometheusServer.StartAsync(series);
    }

    public async Task DisposeAsync() => await _prometheus.DisposeAsync();

    [Theory]
    [InlineData("sidecar.json", "default")]
    [InlineData("sidecar-vmanomaly.json", "vmanomaly")]
    public async Task SeriesPanels_ValueWithDots_ReturnDataAsGrafanaInterpolatesThem(string file, string naming)
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Repo.Path("examples/grafana/dashboards/" + file)))!.AsObject();
        var variable = dashboard["templating"]!["list"]!.AsArray().Single(v => (string)v!["name"]! == "series")!;
        Assert.True((bool)variable["multi"]! && (bool)variable["includeAll"]!, "the test is about a multi-value variable");

        // What Grafana lists for the variable: its query's result, cut by its regex.
        var query = Regex.Match((string)variable["query"]!["query"]!, @"^query_result\((.*)\)$").Groups[1].Value.Replace("$selector", "node", StringComparison.Ordinal);
        var result = Assert.Single(await _prometheus.QueryAsync(query, _endMs));
        Assert.Contains(result.Labels, l => l.Name == "job" && l.Value == naming);
        var text = "{" + string.Join(",", result.Labels.Where(l => l.Name != "__name__").Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
        var value = Regex.Match(text, ((string)variable["regex"]!).Trim('/')).Groups[1].Value;
        Assert.Contains("127.0.0.1:9090", value);

        var expressions = Panels(dashboard).SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!))
            .Where(e => e.Contains("${series", StringComparison.Ordinal) || e.Contains("$series", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, expressions.Count);
        foreach (var expr in expressions)
        {
            var interpolated = Interpolate(expr, value).Replace("$selector", "node", StringComparison.Ordinal);
            var found = await _prometheus.QueryAsync(interpolated, _endMs);
            Assert.True(found.Count > 0, $"{file}: {interpolated} found nothing");
            Assert.All(found, r => Assert.Contains(r.Labels, l => l.Name == "job" && l.Value == naming));
        }

        // The fault itself: the default (escaped) format of a multi-value variable finds nothing.
        var label = naming == "default" ? OutputFamilyNames.Default.SelectorLabel : OutputFamilyNames.Vmanomaly.SelectorLabel;
        Assert.Empty(await _prometheus.QueryAsync($"{{__name__=~\".+\",{label}=\"node\",{EscapeRegex(value)}}}", _endMs));
    }

    [Fact]
    public void VmanomalyDashboard_IsTheDefaultOneRenamedByDashboardNaming()
    {
        var path = Repo.Path("examples/grafana/dashboards/sidecar-vmanomaly.json");
        var expected = DashboardNaming.Rename(File.ReadAllText(Repo.Path("examples/grafana/dashboards/sidecar.json")), "vmanomaly", OutputFamilyNames.Vmanomaly);
        if (Environment.GetEnvironmentVariable("SIDECAR_WRITE_DASHBOARDS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            "examples/grafana/dashboards/sidecar-vmanomaly.json is not sidecar.json renamed: regenerate with SIDECAR_WRITE_DASHBOARDS=1 dotnet test tests/Sidecar.Tests --filter VmanomalyDashboard");
        Assert.DoesNotContain("yhat", File.ReadAllText(Repo.Path("examples/grafana/dashboards/sidecar.json")), StringComparison.Ordinal);
        Assert.Contains("yhat_upper{for=\\\"$selector\\\"", expected, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Panels(JsonObject dashboard) =>
        dashboard["panels"]!.AsArray().Select(p => p!.AsObject())
            .SelectMany(p => (p["panels"]?.AsArray().Select(c => c!.AsObject()) ?? []).Prepend(p));

    /// <summary>Grafana's Prometheus interpolation of a multi-value variable holding one value.</summary>
    private static string Interpolate(string expr, string value) =>
        expr.Replace("${series:raw}", value, StringComparison.Ordinal)
            .Replace("${series}", EscapeRegex(value), StringComparison.Ordinal)
            .Replace("$series", EscapeRegex(value), StringComparison.Ordinal);

    /// <summary>The Prometheus data source's escaping of multi-value variables (its regex special characters).</summary>
    private static string EscapeRegex(string value) => Regex.Replace(value, @"[\\^$*+?.()|{}\[\]]", m => "\\\\" + m.Value);
}
