using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

public sealed class SeriesShardTests
{
    // Expected hashes computed apart from this code (Python: 64-bit FNV-1a over name 0xFF value 0xFF, sorted by name).
    [Theory]
    [InlineData("", "up", 13975484027232117112UL)]
    [InlineData("instance=a:9090,job=api", "http_requests_total", 1831534497566115310UL)]
    public void Hash_IsFnv1aOverTheSortedIdentityLabels(string labels, string metric, ulong expected) =>
        Assert.Equal(expected, SeriesShard.Hash(Labels(labels), metric));

    [Fact]
    public void Hash_IgnoresNameLabel_SoAGaugeAndItsRateAreOneIdentity()
    {
        var gauge = SeriesShard.Hash(Labels("__name__=http_requests_total,instance=a:9090,job=api"), "http_requests_total");
        var rate = SeriesShard.Hash(Labels("instance=a:9090,job=api"), "http_requests_total");

        Assert.Equal(1831534497566115310UL, gauge);
        Assert.Equal(gauge, rate);
        Assert.NotEqual(rate, SeriesShard.Hash(Labels("instance=a:9090,job=api"), "http_requests"));
    }

    [Fact]
    public void Owns_EverySeriesHasExactlyOneShard()
    {
        var keys = Enumerable.Range(0, 200).Select(i => Labels($"instance=host-{i}")).ToList();
        var shards = Enumerable.Range(0, 3).Select(i => SeriesShard.TryCreate(3, i, out _)!).ToList();

        foreach (var key in keys)
        {
            Assert.Single(shards, s => s.Owns(key, "load"));
        }

        // Not all on one shard: each of the three gets a fair part of 200 series.
        Assert.All(shards, s => Assert.InRange(keys.Count(k => s.Owns(k, "load")), 40, 100));
        Assert.All(keys, k => Assert.True(SeriesShard.None.Owns(k, "load")));
    }

    [Theory]
    [InlineData(0, 0, "--shard.count must be at least 1, got 0")]
    [InlineData(-2, 0, "--shard.count must be at least 1, got -2")]
    [InlineData(3, 3, "--shard.index must be between 0 and --shard.count - 1 = 2, got 3")]
    [InlineData(3, -1, "--shard.index must be between 0 and --shard.count - 1 = 2, got -1")]
    public void TryCreate_OutOfRange_SaysWhy(int count, int index, string error)
    {
        Assert.Null(SeriesShard.TryCreate(count, index, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData("sidecar-0", 0)]
    [InlineData("anomaly-sidecar-12", 12)]
    [InlineData("sidecar", null)]
    [InlineData("sidecar-", null)]
    [InlineData("sidecar-x1", null)]
    [InlineData("sidecar-7abc", null)]
    [InlineData("sidecar-99999999999", null)]
    public void OrdinalOf_TakesTheDigitsAfterTheLastDash(string hostname, int? ordinal) =>
        Assert.Equal(ordinal, SeriesShard.OrdinalOf(hostname));

    [Fact]
    public void Shape_Sharded_KeepsOwnedSeriesAndCountsTheRest()
    {
        var raw = Enumerable.Range(0, 30)
            .Select(i => new TimeSeries(Labels($"__name__=load,instance=host-{i}"), [0, 60_000], [1, 2]))
            .ToList();
        var results = Enumerable.Range(0, 3)
            .Select(i => new SeriesShaper(new ShapingOptions(), SeriesShard.TryCreate(3, i, out _)).Shape(raw, 0, 60_000))
            .ToList();

        var kept = results.SelectMany(r => r.Series.Select(s => s.Labels.Get("instance"))).ToList();
        Assert.Equal(30, kept.Count);
        Assert.Equal(30, kept.Distinct().Count());
        Assert.All(results, r => Assert.Equal(30 - r.Series.Count, r.SeriesNotOwned));
        Assert.Equal(0, new SeriesShaper(new ShapingOptions()).Shape(raw, 0, 60_000).SeriesNotOwned);
    }

    private static LabelSet Labels(string text) =>
        text.Length == 0
            ? LabelSet.Empty
            : LabelSet.From(text.Split(',').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray());
}
