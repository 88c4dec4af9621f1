using Prometheus;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Exposition;

public sealed class RemoteReadMetricsObserverTests
{
    [Theory]
    [InlineData(RemoteReadOutcome.Success, 200, "200")]
    [InlineData(RemoteReadOutcome.HttpError, 503, "503")]
    [InlineData(RemoteReadOutcome.ProtocolError, 200, "decode_error")]
    [InlineData(RemoteReadOutcome.LimitExceeded, 200, "limit_exceeded")]
    [InlineData(RemoteReadOutcome.Timeout, 200, "error")]
    [InlineData(RemoteReadOutcome.ConnectionError, null, "error")]
    public void CodeLabel_EachOutcome_NamesAFailureAsOne(RemoteReadOutcome outcome, int? status, string expected)
    {
        Assert.Equal(expected, RemoteReadMetricsObserver.CodeLabel(Report(outcome, status)));
    }

    [Fact]
    public async Task OnRequestCompleted_BadBodyBehind200_IsCountedOutsideThe2xxCodes()
    {
        // A 200 whose body did not decode used to be counted as code="200", invisible to code!~"2..".
        var registry = Metrics.NewCustomRegistry();
        var self = new SelfMetrics(Metrics.WithCustomRegistry(registry));
        using var source = self.ForSource("prom");
        var observer = new RemoteReadMetricsObserver(source);

        observer.OnRequestCompleted(Report(RemoteReadOutcome.Success, 200));
        observer.OnRequestCompleted(Report(RemoteReadOutcome.ProtocolError, 200));
        observer.OnRequestCompleted(Report(RemoteReadOutcome.LimitExceeded, 200));

        var samples = MetricsText.Samples(await MetricsText.RenderAsync(registry));
        Assert.Contains("sidecar_remote_read_responses_total{source=\"prom\",code=\"200\"} 1", samples);
        Assert.Contains("sidecar_remote_read_responses_total{source=\"prom\",code=\"decode_error\"} 1", samples);
        Assert.Contains("sidecar_remote_read_responses_total{source=\"prom\",code=\"limit_exceeded\"} 1", samples);
    }

    private static RemoteReadRequestReport Report(RemoteReadOutcome outcome, int? status) =>
        new(TimeSpan.FromMilliseconds(5), status, 100, 0, 0, outcome, 0, RemoteReadResponseType.Samples);
}
