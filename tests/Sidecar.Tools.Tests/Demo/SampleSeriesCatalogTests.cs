using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Demo;

public sealed class SampleSeriesCatalogTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(30)]
    [InlineData(1000)]
    public void Build_Count_ReturnsThatManyDistinctSeries(int count)
    {
        var series = SampleSeriesCatalog.Build(count, seed: 1);

        Assert.Equal(count, series.Count);
        Assert.Equal(count, series.Select(s => s.Labels).Distinct().Count());
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(30, 28, 2)]
    [InlineData(1000, 934, 66)]
    public void Build_Count_SplitsIntoRequestCountersAndQueueGauges(int count, int requests, int queues)
    {
        var series = SampleSeriesCatalog.Build(count, seed: 1);

        Assert.Equal(requests, series.Count(s => s.Labels.Name == "http_requests_total" && s.Kind == SampleSeriesKind.Counter));
        Assert.Equal(queues, series.Count(s => s.Labels.Name == "queue_depth" && s.Kind == SampleSeriesKind.Gauge));
    }

    [Fact]
    public void Build_Thirty_LabelsFollowTheExampleConfig()
    {
        var series = SampleSeriesCatalog.Build(30, seed: 1);

        Assert.All(series.Where(s => s.Labels.Name == "http_requests_total"), s =>
        {
            Assert.Equal("api", s.Labels.Get("job"));
            Assert.Matches("^api-[0-9]+:8080$", s.Labels.Get("instance"));
            Assert.StartsWith("/api/v1/", s.Labels.Get("route"));
            Assert.Matches("^[1-5][0-9][0-9]$", s.Labels.Get("code"));
        });
        Assert.All(series.Where(s => s.Labels.Name == "queue_depth"), s =>
        {
            Assert.Equal("worker", s.Labels.Get("job"));
            Assert.Equal(3, s.Labels.Count);
        });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(30)]
    public void Build_AnyCount_HoldsTheAnomalousSuccessAndErrorSeries(int count)
    {
        var anomalous = SampleSeriesCatalog.Build(count, seed: 1).Where(s => s.IsAnomalous).ToList();

        Assert.Contains(anomalous, s => s.Labels.Get("code") == "200" && s.AnomalyFactor < 1);
        Assert.Contains(anomalous, s => s.Labels.Get("code") == "500" && s.AnomalyExtraLevel > 0);
        Assert.All(anomalous, s => Assert.Equal(SampleScenario.AnomalyRoute, s.Labels.Get("route")));
    }

    [Fact]
    public void Build_SameSeed_SameSizesDifferentSeed_DifferentSizes()
    {
        var a = SampleSeriesCatalog.Build(30, seed: 1);
        var b = SampleSeriesCatalog.Build(30, seed: 1);
        var c = SampleSeriesCatalog.Build(30, seed: 2);

        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(s => s.PeakLevel), c.Select(s => s.PeakLevel));
    }
}
