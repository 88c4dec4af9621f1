using Prometheus;
using Sidecar.Exposition;
using Sidecar.Testing;

namespace Sidecar.Tests.Exposition;

public sealed class SelfMetricsTests
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    [Fact]
    public async Task ForSelector_NewSelector_PublishesCountersAtZero()
    {
        var self = new SelfMetrics(Metrics.WithCustomRegistry(_registry));

        using var selector = self.ForSelector("api");

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Contains("sidecar_runs_skipped_total{selector=\"api\",kind=\"fit\"} 0", samples);
        Assert.Contains("sidecar_runs_skipped_total{selector=\"api\",kind=\"inference\"} 0", samples);
        Assert.Contains("sidecar_model_errors_total{selector=\"api\"} 0", samples);
        Assert.Contains("sidecar_series_dropped_total{selector=\"api\"} 0", samples);
        Assert.Contains("sidecar_series{selector=\"api\",state=\"modelled\"} 0", samples);
        Assert.Contains("sidecar_series{selector=\"api\",state=\"warming_up\"} 0", samples);
    }

    [Fact]
    public async Task Dispose_SelectorChildren_AreRemoved_OtherSelectorsStay()
    {
        var self = new SelfMetrics(Metrics.WithCustomRegistry(_registry));
        var gone = self.ForSelector("gone");
        using var kept = self.ForSelector("kept");
        gone.SetLastSuccessfulFit(DateTimeOffset.UnixEpoch);
        gone.FitDuration.Observe(1);

        gone.Dispose();

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.DoesNotContain(samples, l => l.Contains("selector=\"gone\"", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.Contains("selector=\"kept\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SourceMetrics_CountResponse_ByCodeAndErrorThenDisposeRemovesThem()
    {
        var self = new SelfMetrics(Metrics.WithCustomRegistry(_registry));
        var source = self.ForSource("prom");

        source.CountResponse(200);
        source.CountResponse(200);
        source.CountResponse(null);
        var before = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        source.Dispose();
        var after = MetricsText.Samples(await MetricsText.RenderAsync(_registry));

        Assert.Contains("sidecar_remote_read_responses_total{source=\"prom\",code=\"200\"} 2", before);
        Assert.Contains("sidecar_remote_read_responses_total{source=\"prom\",code=\"error\"} 1", before);
        Assert.Contains("sidecar_remote_read_up{source=\"prom\"} 0", before);
        Assert.DoesNotContain(after, l => l.Contains("source=\"prom\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetConfigReload_Failure_KeepsLastSuccessTimestamp()
    {
        var self = new SelfMetrics(Metrics.WithCustomRegistry(_registry));
        self.SetConfigReload(true, DateTimeOffset.FromUnixTimeSeconds(1000));

        self.SetConfigReload(false, DateTimeOffset.FromUnixTimeSeconds(2000));

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(_registry));
        Assert.Contains("sidecar_config_last_reload_successful 0", samples);
        Assert.Contains("sidecar_config_last_reload_success_timestamp_seconds 1000", samples);
    }
}
