using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class SeriesAssemblerTests
{
    private static readonly LabelSet A = LabelSet.From(("__name__", "m"), ("job", "a"));
    private static readonly LabelSet B = LabelSet.From(("__name__", "m"), ("job", "b"));

    [Fact]
    public void Assemble_PartsInTimeOrder_ConcatenatesPerSeriesAndSortsByLabels()
    {
        using var first = Response(new(B, [1, 2], [1, 2]), new(A, [1], [10]));
        using var second = Response(new TimeSeries(A, [3, 4], [30, 40]));
        using var third = Response(new TimeSeries(B, [5], [5]));

        var merged = SeriesAssembler.Assemble([first, second, third]);

        Assert.Equal([A, B], merged.Select(s => s.Labels));
        Assert.Equal([1L, 3, 4], merged[0].TimestampsMs);
        Assert.Equal([10.0, 30, 40], merged[0].Values);
        Assert.Equal([1L, 2, 5], merged[1].TimestampsMs);
    }

    [Fact]
    public void Assemble_OverlappingParts_SortsAndKeepsTheLaterSampleOfATimestamp()
    {
        using var first = Response(new TimeSeries(A, [1, 5], [1, 5]));
        using var second = Response(new TimeSeries(A, [3, 5, 7], [3, 50, 7]));

        var merged = Assert.Single(SeriesAssembler.Assemble([first, second]));

        Assert.Equal([1L, 3, 5, 7], merged.TimestampsMs);
        Assert.Equal([1.0, 3, 50, 7], merged.Values);
    }

    [Fact]
    public void Assemble_SeriesLargerThanAnArenaSegment_StayWhole()
    {
        // 300,000-sample series in 120-sample chunks: each overflows a 262,144-sample segment part-way through.
        var series = new[] { "x", "y", "z" }.Select(n => new TimeSeries(
            LabelSet.From(("__name__", n)),
            Enumerable.Range(0, 300_000).Select(i => i * 1000L).ToArray(),
            Enumerable.Range(0, 300_000).Select(i => i + (n[0] * 1e6)).ToArray())).ToList();
        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, new DecodeLimits(1 << 24, 1L << 32, 10_000_000));
        foreach (var payload in ResponseEncoder.StreamedPayloads(series))
        {
            decoder.AddFrame(payload);
        }

        using var decoded = decoder.Finish(0);
        var assembled = SeriesAssembler.Assemble([decoded]);

        Assert.Equal(3, assembled.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(series[i].TimestampsMs, assembled[i].TimestampsMs);
            Assert.Equal(series[i].Values, assembled[i].Values);
        }
    }

    [Fact]
    public void CompareLabels_PrefixSortsFirst()
    {
        var shorter = LabelSet.From(("__name__", "m"));

        Assert.True(SeriesAssembler.CompareLabels(shorter, A) < 0);
        Assert.True(SeriesAssembler.CompareLabels(A, B) < 0);
        Assert.Equal(0, SeriesAssembler.CompareLabels(A, LabelSet.From(("job", "a"), ("__name__", "m"))));
    }

    private static DecodedResponse Response(params TimeSeries[] series)
    {
        var arena = new SampleArena();
        var builder = new SeriesBuilder(long.MinValue, long.MaxValue, arena);
        var parts = new List<SeriesPart>();
        foreach (var s in series)
        {
            builder.Clear();
            for (var i = 0; i < s.Count; i++)
            {
                builder.Append(s.TimestampsMs[i], s.Values[i]);
            }

            parts.Add(builder.Complete(s.Labels)!.Value);
        }

        return new DecodedResponse(parts, arena, series.Sum(s => s.Count), 0);
    }
}
