namespace Sidecar.Tests.Examples;

public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("anomaly_score > 1", "anomaly_score")]
    [InlineData("max by (selector) (anomaly_score)", "anomaly_score")]
    [InlineData("count(anomaly_score > 1) or vector(0)", "anomaly_score")]
    [InlineData("sum by (source, code) (rate(sidecar_remote_read_responses_total{code!~\"2..\"}[5m]))", "sidecar_remote_read_responses_total")]
    [InlineData("time() - sidecar_last_successful_fit_timestamp_seconds > 3 * 3600", "sidecar_last_successful_fit_timestamp_seconds")]
    [InlineData("value{selector=~\"a\"} < predicted_lower{selector=~\"a\"} and anomaly_score > 1", "anomaly_score predicted_lower value")]
    [InlineData("x * on (job, route) group_right () count without () (predicted{selector=\"by (x)\"})", "predicted x")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(h_bucket[$__rate_interval])))", "h_bucket")]
    public void Of_Expression_FindsExactlyTheMetricNames(string expr, string expected)
    {
        Assert.Equal(expected.Split(' '), PromQlMetricNames.Of(expr).Order(StringComparer.Ordinal));
    }
}
