using Prometheus;
using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Exposition;

public sealed class PredictionGaugesTests
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private PredictionGauges Gauges(OutputFamilyNames? names = null) =>
        new(Metrics.WithCustomRegistry(_registry), names ?? OutputFamilyNames.Default, new ScrapeGate());

    [Fact]
    public async Task Create_OnlySomeFamiliesExposed_OthersNeverAppear_ModelStillKnown()
    {
        var gauges = new PredictionGauges(
            Metrics.WithCustomRegistry(_registry), OutputFamilyNames.Default, new ScrapeGate(), exposed: [OutputFamily.PredictedUpper, OutputFamily.AnomalyScore]);
        var series = gauges.Create("api_rps", "http_requests_total", LabelSet.From(("__name__", "http_requests_total"), ("job", "api")));

        series.SetModel("ewma");
        series.SetPrediction(10, 8, 12);
        series.SetObservation(11, 0.5);

        const string labels = "{job=\"api\",metric=\"http_requests_total\",selector=\"api_rps\"}";
        Assert.Equal(
            ["anomaly_score" + labels + " 0.5", "predicted_upper" + labels + " 12"],
            MetricsText.Samples(await MetricsText.RenderAsync(_registry)).Order(StringComparer.Ordinal));
        Assert.Equal([OutputFamily.AnomalyScore, OutputFamily.PredictedUpper], gauges.Exposed);
        Assert.Equal("ewma", series.Model);

        series.Dispose();
        Assert.Empty(MetricsText.Samples(await MetricsText.RenderAsync(_registry)));
    }

    [Fact]
    public async Task Create_SeriesLabels_AreShapedLabelsWithoutNamePlusMetricSelector_ModelOnlyOnTheInfo()
    {
        var series = Gauges().Create("api_rps", "http_requests_total",
            LabelSet.From(("__name__", "http_requests_total"), ("job", "api"), ("code", "500")));

        series.SetModel("prophet");
        series.SetPrediction(10, 8, 12);
        series.SetObservation(11, 0.5);

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        const string labels = "{code=\"500\",job=\"api\",metric=\"http_requests_total\",selector=\"api_rps\"}";
        Assert.Equal(
            new[]
            {
                "sidecar_series_model_info{code=\"500\",job=\"api\",metric=\"http_requests_total\",model=\"prophet\",selector=\"api_rps\"} 1",
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
        var series = Gauges().Create("s", "m", LabelSet.From(("selector", "theirs"), ("model", "x"), ("exported_model", "y")));

        series.SetModel("robust");
        series.SetPrediction(1, 0, 2);

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Equal(
            "predicted{exported_exported_model=\"x\",exported_model=\"y\",exported_selector=\"theirs\",metric=\"m\",selector=\"s\"} 1",
            Assert.Single(samples, l => l.StartsWith("predicted{", StringComparison.Ordinal)));
        Assert.Equal(
            "sidecar_series_model_info{exported_exported_model=\"x\",exported_model=\"y\",exported_selector=\"theirs\",metric=\"m\",model=\"robust\",selector=\"s\"} 1",
            Assert.Single(samples, l => l.StartsWith("sidecar_series_model_info{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_Vmanomaly_UsesYhatNamesAndForLabel()
    {
        var series = Gauges(OutputFamilyNames.Vmanomaly).Create("q1", "m", LabelSet.From(("job", "a")));

        series.SetModel("prophet");
        series.SetPrediction(1, 0, 2);
        series.SetObservation(3, 2);

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Equal(
            new[] { "anomaly_score", "sidecar_series_model_info", "y", "yhat", "yhat_lower", "yhat_upper" },
            samples.Select(l => l[..l.IndexOf('{')]).Order(StringComparer.Ordinal));
        Assert.All(samples, l => Assert.Contains("for=\"q1\"", l, StringComparison.Ordinal));
        Assert.Contains("sidecar_series_model_info{for=\"q1\",job=\"a\",metric=\"m\",model=\"prophet\"} 1", samples);
    }

    [Fact]
    public async Task ClearObservation_RemovesScoreAndValue_KeepsPrediction()
    {
        var series = Gauges().Create("s", "m", LabelSet.From(("job", "a")));
        series.SetModel("prophet");
        series.SetPrediction(1, 0, 2);
        series.SetObservation(5, 4);

        series.ClearObservation();

        var names = MetricsText.Samples(await MetricsText.RenderAsync(_registry)).Select(l => l[..l.IndexOf('{')]).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "predicted", "predicted_lower", "predicted_upper", "sidecar_series_model_info" }, names);
        Assert.False(series.HasObservation);
    }

    [Fact]
    public async Task Dispose_RemovesEveryGaugeOfTheSeries_OthersStay()
    {
        var gauges = Gauges();
        var gone = gauges.Create("s", "m", LabelSet.From(("job", "a")));
        var kept = gauges.Create("s", "m", LabelSet.From(("job", "b")));
        gone.SetModel("prophet");
        gone.SetPrediction(1, 0, 2);
        gone.SetObservation(1, 0);
        kept.SetModel("prophet");
        kept.SetPrediction(1, 0, 2);

        gone.Dispose();

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Equal(4, samples.Length);
        Assert.All(samples, l => Assert.Contains("job=\"b\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_DifferentLabelNames_ShareOneFamilyWithOneHelpAndType()
    {
        var gauges = Gauges();
        gauges.Create("a", "m", LabelSet.From(("job", "x"))).SetPrediction(1, 0, 2);
        gauges.Create("b", "m", LabelSet.From(("instance", "y"))).SetPrediction(1, 0, 2);

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
        var gauges = new PredictionGauges(factory, OutputFamilyNames.Default, new ScrapeGate());
        var series = gauges.Create("api", "http_requests_total", LabelSet.From(("job", "api\"quoted\\")));
        series.SetModel("seasonal_baseline");
        series.SetPrediction(1, 0.5, double.PositiveInfinity);
        series.SetObservation(double.NaN, 0);

        var text = await MetricsText.RenderAsync(_registry);
        var (exitCode, output) = await MetricsText.PromtoolCheckAsync(text);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics said ({exitCode}):\n{output}\n---\n{text}");
        Assert.DoesNotContain(MetricsText.Samples(text), l => l.Split(' ').Length != 2);
    }

    [Fact]
    public async Task SetModel_OtherFamily_SwitchesTheInfoAndLeavesTheGaugesAlone()
    {
        var series = Gauges().Create("s", "m", LabelSet.From(("job", "a")));
        series.SetModel("prophet");
        series.SetPrediction(1, 0, 2);
        series.SetObservation(1, 0.5);
        var gauges = MetricsText.Samples(await MetricsText.RenderAsync(_registry)).Where(l => !l.StartsWith("sidecar_", StringComparison.Ordinal)).ToList();

        series.SetModel("ewma");

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Equal(gauges, samples.Where(l => !l.StartsWith("sidecar_", StringComparison.Ordinal)));
        Assert.Equal("sidecar_series_model_info{job=\"a\",metric=\"m\",model=\"ewma\",selector=\"s\"} 1", Assert.Single(samples, l => l.StartsWith("sidecar_", StringComparison.Ordinal)));
        Assert.Equal("ewma", series.Model);
    }

    [Fact]
    public async Task SetModel_SwitchingWhileScrapesCollectInTheGate_EveryScrapeSeesExactlyOneInfo()
    {
        using var gate = new ScrapeGate();
        var series = new PredictionGauges(Metrics.WithCustomRegistry(_registry), OutputFamilyNames.Default, gate)
            .Create("s", "m", LabelSet.From(("job", "a")));
        series.SetModel("prophet");
        series.SetPrediction(1, 0, 2);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var switcher = Task.Run(() =>
        {
            var switches = 0;
            while (!stop.IsCancellationRequested)
            {
                series.SetModel(switches++ % 2 == 0 ? "ewma" : "prophet");
            }

            return switches;
        });

        var scrapes = 0;
        while (!stop.IsCancellationRequested)
        {
            string text;
            using (await gate.EnterAsync(CancellationToken.None))
            {
                text = await MetricsText.RenderAsync(_registry);
            }

            Assert.Single(MetricsText.Samples(text), l => l.StartsWith("sidecar_series_model_info{", StringComparison.Ordinal));
            scrapes++;
        }

        Assert.True(await switcher > 100, "the model hardly switched");
        Assert.True(scrapes > 10, "hardly scraped");
    }
}
