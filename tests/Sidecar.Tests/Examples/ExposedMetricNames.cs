using Prometheus;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

/// <summary>
/// The metric names the sidecar really exposes on <c>/metrics</c> with default output naming: every family of
/// <see cref="SelfMetrics"/>, <see cref="PredictionGauges"/> (with the model info and the tuning gauges) and <see cref="ExclusionMetrics"/> rendered once with one child each (histograms as
/// their _bucket/_sum/_count series), plus the series Prometheus itself adds (<c>up</c>, <c>ALERTS</c>).
/// </summary>
internal static class ExposedMetricNames
{
    private static readonly Lazy<Task<IReadOnlySet<string>>> s_names = new(RenderAsync);

    /// <summary>The names, computed once per test run.</summary>
    public static Task<IReadOnlySet<string>> GetAsync() => s_names.Value;

    private static async Task<IReadOnlySet<string>> RenderAsync()
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var self = new SelfMetrics(factory);
        self.SetBuildInfo("1.0.0", "abc");
        self.SetConfigReload(success: true, DateTimeOffset.UnixEpoch);
        var selector = self.ForSelector("s");
        selector.FitDuration.Observe(1);
        selector.InferenceDuration.Observe(1);
        selector.SetLastSuccessfulFit(DateTimeOffset.UnixEpoch);
        var source = self.ForSource("default");
        source.Duration.Observe(1);
        source.CountResponse(200);
        var gauges = new PredictionGauges(factory, OutputFamilyNames.Default, new ScrapeGate())
            .Create("s", "http_requests_total", LabelSet.From(("job", "api")));
        gauges.SetModel("prophet");
        gauges.SetPrediction(1, 0, 2);
        gauges.SetObservation(1, 0);
        selector.Tuning.CycleDuration.Observe(1);
        new PredictionGauges(factory, OutputFamilyNames.Default, new ScrapeGate()).CreateTuning(gauges)
            .Show([new("ewma_half_life", "1h")], "rmse", 1, 1, 2);
        new ExclusionMetrics(factory).Show([("0123456789abcdef", "s", "{job=\"api\"}", "failover", "api", "exclude", 0, 1000)]);
        var alertmanager = new AlertmanagerMetrics(factory);
        alertmanager.Succeeded.Inc();
        alertmanager.Failed.Inc();
        alertmanager.LastSuccess.Set(1);
        alertmanager.Exclusions.Set(1);
        alertmanager.Refused.Set(0);

        var text = await MetricsText.RenderAsync(registry);
        var names = MetricsText.Samples(text).Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
        names.Add("up");
        names.Add("ALERTS");
        return names;
    }
}
