using Sidecar.RemoteRead.Client;

namespace Sidecar.RemoteRead.Tests.Client;

public sealed class SeriesMergerTests
{
    private static readonly LabelSet A = LabelSet.From(("__name__", "m"), ("job", "a"));
    private static readonly LabelSet B = LabelSet.From(("__name__", "m"), ("job", "b"));

    [Fact]
    public void Merge_PartsInTimeOrder_ConcatenatesPerSeriesAndSortsByLabels()
    {
        IReadOnlyList<TimeSeries> first = [new(B, [1, 2], [1, 2]), new(A, [1], [10])];
        IReadOnlyList<TimeSeries> second = [new(A, [3, 4], [30, 40])];
        IReadOnlyList<TimeSeries> third = [new(B, [5], [5])];

        var merged = SeriesMerger.Merge([first, second, third]);

        Assert.Equal([A, B], merged.Select(s => s.Labels));
        Assert.Equal([1L, 3, 4], merged[0].TimestampsMs);
        Assert.Equal([10.0, 30, 40], merged[0].Values);
        Assert.Equal([1L, 2, 5], merged[1].TimestampsMs);
    }

    [Fact]
    public void Merge_OverlappingParts_SortsAndKeepsOneSamplePerTimestamp()
    {
        IReadOnlyList<TimeSeries> first = [new(A, [1, 5], [1, 5])];
        IReadOnlyList<TimeSeries> second = [new(A, [3, 5, 7], [3, 50, 7])];

        var merged = Assert.Single(SeriesMerger.Merge([first, second]));

        Assert.Equal([1L, 3, 5, 7], merged.TimestampsMs);
        Assert.Equal([1.0, 3, 50, 7], merged.Values);
    }

    [Fact]
    public void CompareLabels_PrefixSortsFirst()
    {
        var shorter = LabelSet.From(("__name__", "m"));

        Assert.True(SeriesMerger.CompareLabels(shorter, A) < 0);
        Assert.True(SeriesMerger.CompareLabels(A, B) < 0);
        Assert.Equal(0, SeriesMerger.CompareLabels(A, LabelSet.From(("job", "a"), ("__name__", "m"))));
    }
}
