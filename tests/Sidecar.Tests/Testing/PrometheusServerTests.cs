using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Testing;

public sealed class PrometheusServerTests
{
    [Fact]
    public async Task StartAsync_BackfilledSamplesAcrossBlocks_AreQueryableExactly()
    {
        // Three hours of 1-minute samples cross at least one 2h block boundary; values exercise round-trip precision.
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 10) * 60_000;
        var start = end - 3 * 3_600_000;
        var timestamps = Enumerable.Range(0, 181).Select(i => start + i * 60_000L).ToArray();
        var values = timestamps.Select((_, i) => i * 0.1 + 1e-7).ToArray();
        var series = new TimeSeries(LabelSet.From(("__name__", "harness_gauge"), ("job", "a\"b")), timestamps, values);

        await using var prometheus = await PrometheusServer.StartAsync([series]);
        var result = await prometheus.QueryRangeAsync("harness_gauge", start, end, TimeSpan.FromMinutes(1));

        var only = Assert.Single(result);
        Assert.Equal("a\"b", only.Labels.Get("job"));
        Assert.Equal(timestamps, only.TimestampsMs);
        Assert.Equal(values, only.Values);
    }

    [Fact]
    public void OpenMetricsWriter_FutureSample_IsRefused()
    {
        var future = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        var series = new TimeSeries(LabelSet.From(("__name__", "x")), [future], [1.0]);

        using var directory = new TempDirectory("sidecar-openmetrics-");

        Assert.Throws<ArgumentException>(() => _ = OpenMetricsWriter.Write([series], directory.Path));
    }

    [Theory]
    [InlineData(1_700_000_000_000L, "1700000000")]
    [InlineData(1_700_000_000_005L, "1700000000.005")]
    [InlineData(-1L, "-0.001")]
    [InlineData(-1_500L, "-1.500")]
    public void FormatTimestamp_Milliseconds_AreExactDecimalSeconds(long ms, string expected)
    {
        Assert.Equal(expected, OpenMetricsWriter.FormatTimestamp(ms));
    }
}
