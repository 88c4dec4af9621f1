using Prometheus;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Exposition;

public sealed class PredictionGaugesTests
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private PredictionGauges Gauges(OutputFamilyNames? names = null) =>
        new(Metrics.WithCustomRegistry(_registry), names ?? OutputFamilyNames.Default);

    [Fact]
    public async Task Create_SeriesLabels_AreShapedLabelsWithoutNamePlusMetricSelectorModel()
    {
        var series = Gauges().Create("api_rps", "http_requests_total", "prophet",
            LabelSet.From(("__name__", "http_requests_total"), ("job", "api"), ("code", "500")));

        series.SetPrediction(10, 8, 12);
        series.SetObservation(11, 0.5);

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        const string labels = "{code=\"500\",job=\"api\",metric=\"http_requests_total\",model=\"prophet\",selector=\"api_rps\"}";
        Assert.Equal(
            new[]
            {
                "anomaly_score" + labels + " 0.5",
                "predicted" + labels + " 10",
                "predicted_lower" + labels + " 8",
                "predicted_upper" + labels + " 12",
                "value" + labels + " 11",
            }.Order(StringComparer.Ordinal),
            samples.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_LabelCollidingWithOurs_IsKeptAsExported()
    {
        var series = Gauges().Create("s", "m", "robust", LabelSet.From(("selector", "theirs"), ("model", "x"), ("exported_model", "y")));

        series.SetPrediction(1, 0, 2);

        var line = Assert.Single(MetricsText.Samples(await MetricsText.RenderAsync(_registry)), l => l.StartsWith("predicted{", StringComparison.Ordinal));
        Assert.Equal(
            "predicted{exported_exported_model=\"x\",exported_model=\"y\",exported_selector=\"theirs\",metric=\"m\",model=\"robust\",selector=\"s\"} 1",
            line);
    }

    [Fact]
    public async Task Create_Vmanomaly_UsesYhatNamesAndForLabel()
    {
        var series = Gauges(OutputFamilyNames.Vmanomaly).Create("q1", "m", "prophet", LabelSet.From(("job", "a")));

        series.SetPrediction(1, 0, 2);
        series.SetObservation(3, 2);

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry)).Select(l => l[..l.IndexOf('{')]).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper" }, samples);
        Assert.Contains("for=\"q1\"", await MetricsText.RenderAsync(_registry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearObservation_RemovesScoreAndValue_KeepsPrediction()
    {
        var series = Gauges().Create("s", "m", "prophet", LabelSet.From(("job", "a")));
        series.SetPrediction(1, 0, 2);
        series.SetObservation(5, 4);

        series.ClearObservation();

        var names = MetricsText.Samples(await MetricsText.RenderAsync(_registry)).Select(l => l[..l.IndexOf('{')]).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "predicted", "predicted_lower", "predicted_upper" }, names);
        Assert.False(series.HasObservation);
    }

    [Fact]
    public async Task Dispose_RemovesEveryGaugeOfTheSeries_OthersStay()
    {
        var gauges = Gauges();
        var gone = gauges.Create("s", "m", "prophet", LabelSet.From(("job", "a")));
        var kept = gauges.Create("s", "m", "prophet", LabelSet.From(("job", "b")));
        gone.SetPrediction(1, 0, 2);
        gone.SetObservation(1, 0);
        kept.SetPrediction(1, 0, 2);

        gone.Dispose();

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Equal(3, samples.Length);
        Assert.All(samples, l => Assert.Contains("job=\"b\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_DifferentLabelNames_ShareOneFamilyWithOneHelpAndType()
    {
        var gauges = Gauges();
        gauges.Create("a", "m", "prophet", LabelSet.From(("job", "x"))).SetPrediction(1, 0, 2);
        gauges.Create("b", "m", "prophet", LabelSet.From(("instance", "y"))).SetPrediction(1, 0, 2);

        var text = await MetricsText.RenderAsync(_registry);

        Assert.Single(text.Split('\n'), l => l == "# TYPE predicted gauge");
        Assert.Single(text.Split('\n'), l => l.StartsWith("# HELP predicted ", StringComparison.Ordinal));
        Assert.Equal(2, MetricsText.Samples(text).Count(l => l.StartsWith("predicted{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Render_EveryFamilyAndSelfMetric_PassesPromtoolCheckMetrics()
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        var self = new SelfMetrics(factory);
        self.SetBuildInfo("1.0.0", "abc");
        self.SetConfigReload(true, DateTimeOffset.UnixEpoch.AddDays(20_000));
        using var selector = self.ForSelector("api");
        selector.FitDuration.Observe(1.5);
        selector.InferenceDuration.Observe(0.02);
        selector.SetLastSuccessfulFit(DateTimeOffset.UnixEpoch.AddDays(20_000));
        using var source = self.ForSource("default");
        source.CountResponse(200);
        source.CountResponse(null);
        source.Duration.Observe(0.1);
        var gauges = new PredictionGauges(factory, OutputFamilyNames.Default);
        var series = gauges.Create("api", "http_requests_total", "prophet", LabelSet.From(("job", "api\"quoted\\")));
        series.SetPrediction(1, 0.5, double.PositiveInfinity);
        series.SetObservation(double.NaN, 0);

        var text = await MetricsText.RenderAsync(_registry);
        var (exitCode, output) = await MetricsText.PromtoolCheckAsync(text);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics said ({exitCode}):\n{output}\n---\n{text}");
        Assert.DoesNotContain(MetricsText.Samples(text), l => l.Split(' ').Length != 2);
    }
}
