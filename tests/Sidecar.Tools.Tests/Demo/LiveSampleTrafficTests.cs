using Sidecar.Testing;
using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Demo;

public sealed class LiveSampleTrafficTests
{
    // Wednesday 2025-11-26 15:42 UTC; the anomaly runs from 15:27 on.
    private static readonly SampleDataOptions s_options = new()
    {
        End = new DateTimeOffset(2025, 11, 26, 15, 42, 0, TimeSpan.Zero),
        Days = 2,
        Series = 16,
        Seed = 3,
    };

    private static readonly long s_end = s_options.End.ToUnixTimeSeconds();

    [Fact]
    public void ValuesAt_EndOfHistory_TheLastBackfilledValues()
    {
        var history = History();

        var (timestamp, live) = LiveSampleTraffic.Create(s_options).ValuesAt(s_end + 59);

        Assert.Equal(s_end, timestamp);
        Assert.Equal(history.Select(v => v[^1]), live);
    }

    [Fact]
    public void ValuesAt_AnHourLater_CountersGoOnFromTheHistoryAndTheAnomalyContinues()
    {
        var history = History();
        var series = SampleSeriesCatalog.Build(s_options.Series, s_options.Seed);
        var traffic = LiveSampleTraffic.Create(s_options);

        var (_, atEnd) = traffic.ValuesAt(s_end);
        var (_, hourLater) = traffic.ValuesAt(s_end + 3600);

        // The same hour one day earlier, from the backfilled history (1-minute samples, ending at s_end).
        var dayBefore = history.Select(v => v[v.Length - 1 - 1380] - v[v.Length - 1 - 1440]).ToArray();
        for (var s = 0; s < series.Count; s++)
        {
            if (series[s].Kind == SampleSeriesKind.Counter)
            {
                Assert.True(hourLater[s] >= atEnd[s], $"{series[s].Labels} went from {atEnd[s]} to {hourLater[s]}");
            }
        }

        double Increase(string route, string code, double[] from, double[] to) =>
            Enumerable.Range(0, series.Count)
                .Where(s => series[s].Labels.Get("route") == route && series[s].Labels.Get("code") == code)
                .Sum(s => to[s] - from[s]);
        double Before(string route, string code) =>
            Enumerable.Range(0, series.Count)
                .Where(s => series[s].Labels.Get("route") == route && series[s].Labels.Get("code") == code)
                .Sum(s => dayBefore[s]);
        var errors = Increase(SampleScenario.AnomalyRoute, "500", atEnd, hourLater);
        var conversations = Increase("/api/v1/conversations", "200", atEnd, hourLater);
        Assert.True(errors > 20 * Before(SampleScenario.AnomalyRoute, "500"), $"500s {errors} vs {Before(SampleScenario.AnomalyRoute, "500")} a day before");
        Assert.InRange(conversations / Before("/api/v1/conversations", "200"), 0.7, 1.3);
    }

    [Fact]
    public void ValuesAt_EarlierThanBefore_TheLatestPointAgain()
    {
        var traffic = LiveSampleTraffic.Create(s_options);
        var later = traffic.ValuesAt(s_end + 630);

        var earlier = traffic.ValuesAt(s_end + 60);

        Assert.Equal(s_end + 600, later.TimestampSeconds);
        Assert.Equal(later.TimestampSeconds, earlier.TimestampSeconds);
        Assert.Equal(later.Values, earlier.Values);
    }

    [Fact]
    public void Render_BetweenGridPoints_SamplesStampedWithTheGridPoint()
    {
        var text = LiveSampleTraffic.Create(s_options).Render(s_end + 125);

        Assert.All(MetricsText.Samples(text), line => Assert.EndsWith($" {(s_end + 120) * 1000}", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_AnyTime_PassesPromtoolCheckMetrics()
    {
        var text = LiveSampleTraffic.Create(s_options).Render(s_end + 120);

        var (code, output) = await MetricsText.PromtoolCheckAsync(text);

        Assert.True(code == 0, output);
        Assert.Contains("# TYPE http_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE queue_depth gauge\n", text, StringComparison.Ordinal);
        Assert.Equal(s_options.Series, MetricsText.Samples(text).Length);
    }

    [Fact]
    public void Advance_TimestampNotAfterTheLast_Throws()
    {
        var scenario = SampleScenario.Create(s_options with { Days = 1 });
        var generator = new SampleTrafficGenerator(scenario, SampleSeriesCatalog.Build(2, 1), 1);
        _ = generator.Windows().ToList();

        Assert.Throws<ArgumentException>(() => generator.Advance([scenario.EndSeconds]));
        Assert.Throws<ArgumentException>(() => generator.Advance([scenario.EndSeconds + 120, scenario.EndSeconds + 60]));
    }

    private static double[][] History()
    {
        var scenario = SampleScenario.Create(s_options);
        var windows = new SampleTrafficGenerator(scenario, SampleSeriesCatalog.Build(s_options.Series, s_options.Seed), s_options.Seed)
            .Windows().ToList();
        return Enumerable.Range(0, s_options.Series).Select(s => windows.SelectMany(w => w.Values[s]).ToArray()).ToArray();
    }
}
