using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

public sealed class SeriesMergerTests
{
    private const long Lookback = 300_000;

    private static TimeSeries Pod(string pod, long[] t, double[]? v = null) =>
        new(LabelSet.From(("__name__", "c"), ("job", "a"), ("pod", pod)), t, v ?? t.Select(x => (double)x).ToArray());

    [Fact]
    public void DropAndMerge_NoOverlap_ConcatenatesInTimeOrder()
    {
        var merged = SeriesMerger.DropAndMerge([Pod("p2", [300, 400]), Pod("p1", [100, 200])], ["pod"], Lookback, out var dropped);

        var only = Assert.Single(merged);
        Assert.Equal("{__name__=\"c\",job=\"a\"}", only.Labels.ToString());
        Assert.Equal([100L, 200, 300, 400], only.TimestampsMs);
        Assert.Equal([100.0, 200, 300, 400], only.Values);
        Assert.Equal(0, dropped);
    }

    [Fact]
    public void DropAndMerge_Overlap_KeepsTheHigherRankedSeriesWhileItIsLive()
    {
        // p1 ranks first: it owns [100, 300]; p2's samples at 250 and 300 fall inside and are dropped.
        var merged = SeriesMerger.DropAndMerge([Pod("p2", [250, 300, 350], [1, 2, 3]), Pod("p1", [100, 200, 300], [10, 20, 30])], ["pod"], Lookback, out var dropped);

        var only = Assert.Single(merged);
        Assert.Equal([100L, 200, 300, 350], only.TimestampsMs);
        Assert.Equal([10.0, 20, 30, 3], only.Values);
        Assert.Equal(2, dropped);
    }

    [Fact]
    public void DropAndMerge_HigherRankedSeriesHasAGapLongerThanTheLookback_LowerRankedFillsIt()
    {
        // p1 is silent from 1,000 to 1,000,000 ms (> 5m): p2's samples in between survive.
        var merged = SeriesMerger.DropAndMerge([Pod("p1", [0, 1_000, 1_000_000]), Pod("p2", [500, 2_000, 500_000, 1_000_000])], ["pod"], Lookback, out var dropped);

        Assert.Equal([0L, 1_000, 2_000, 500_000, 1_000_000], Assert.Single(merged).TimestampsMs);
        Assert.Equal(2, dropped);
    }

    [Fact]
    public void DropAndMerge_DifferentRemainingLabels_StayApartSortedInPrometheusOrder()
    {
        var b = new TimeSeries(LabelSet.From(("__name__", "c"), ("job", "b"), ("pod", "x")), [1], [1]);
        var a = new TimeSeries(LabelSet.From(("__name__", "c"), ("job", "a"), ("pod", "y")), [1], [1]);

        var merged = SeriesMerger.DropAndMerge([b, a], ["pod"], Lookback, out _);

        Assert.Equal(["{__name__=\"c\",job=\"a\"}", "{__name__=\"c\",job=\"b\"}"], merged.Select(s => s.Labels.ToString()));
    }

    [Fact]
    public void DropAndMerge_NothingToDrop_PassesSeriesThroughWithoutCopying()
    {
        var pod = Pod("p1", [1, 2]);

        var merged = SeriesMerger.DropAndMerge([pod], [], Lookback, out _);

        Assert.Same(pod, Assert.Single(merged));
    }
}
