using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Series;

/// <summary>
/// Shaping a later window from only the raw samples it needs (<see cref="SeriesShaper.ReadStartMs"/> onwards) gives
/// exactly the points a shaping of the whole history gives for that window.
/// </summary>
public sealed class SeriesShaperIncrementalTests
{
    private static readonly ShapingDataset Data = new(1_700_000_000_000 - 1_700_000_000_000 % ShapingDataset.Minute);

    public static TheoryData<RangeFunction, AggregateOp, string> Cases() => new()
    {
        { RangeFunction.None, AggregateOp.None, "requests" },
        { RangeFunction.Rate, AggregateOp.Sum, "requests" },
        { RangeFunction.Increase, AggregateOp.None, "requests" },
        { RangeFunction.Delta, AggregateOp.Avg, "temperatures" },
        { RangeFunction.Rate, AggregateOp.Sum, "pods" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shape_LaterWindowFromTruncatedRaw_EqualsTheFullShaping(RangeFunction function, AggregateOp op, string set)
    {
        var raw = set switch { "requests" => Data.Requests, "temperatures" => Data.Temperatures, _ => Data.Pods };
        var shaper = new SeriesShaper(new ShapingOptions
        {
            Function = function, Range = TimeSpan.FromMinutes(5), Aggregate = op, By = ["job"], DropLabels = ["pod"],
        });
        var full = StepGrid.Between(Data.StartMs, Data.EndMs, shaper.StepMs);
        var expected = shaper.Shape(raw, full).Series;

        // Each cycle shapes the next 10 minutes (as an inference loop would), reading only what it needs.
        for (var start = Data.StartMs + ShapingDataset.Hour + 37 * ShapingDataset.Minute; start + 10 * ShapingDataset.Minute <= Data.EndMs; start += 50 * ShapingDataset.Minute)
        {
            var window = StepGrid.Between(start, start + 10 * ShapingDataset.Minute, shaper.StepMs);
            var actual = shaper.Shape(Truncate(raw, shaper.ReadStartMs(window), window.EndMs), window).Series;

            var offset = (int)((start - full.StartMs) / full.StepMs);
            var expectedInWindow = expected
                .Select(s => (s.Labels, s.MetricName, Values: s.Values.AsSpan(offset, window.Count).ToArray()))
                .Where(s => s.Values.Any(v => !ShapedSeries.IsMissing(v)))
                .ToList();
            Assert.Equal(expectedInWindow.Select(s => s.Labels.ToString()), actual.Select(s => s.Labels.ToString()));
            for (var i = 0; i < actual.Count; i++)
            {
                Assert.Equal(
                    expectedInWindow[i].Values.Select(BitConverter.DoubleToInt64Bits),
                    actual[i].Values.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    private static List<TimeSeries> Truncate(IReadOnlyList<TimeSeries> raw, long fromMs, long toMs)
    {
        var result = new List<TimeSeries>();
        foreach (var s in raw)
        {
            var keep = Enumerable.Range(0, s.Count).Where(i => s.TimestampsMs[i] >= fromMs && s.TimestampsMs[i] <= toMs).ToArray();
            if (keep.Length > 0)
            {
                result.Add(new TimeSeries(s.Labels, keep.Select(i => s.TimestampsMs[i]).ToArray(), keep.Select(i => s.Values[i]).ToArray()));
            }
        }

        return result;
    }
}
