using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

/// <summary>What the shaper does with input that is not raw samples: grid points and series the store shaped.</summary>
public class SeriesShaperInputTests
{
    private static readonly StepGrid Grid = new(600_000, 60_000, 5);

    private static TimeSeries Points(params (long T, double V)[] points) =>
        new(LabelSet.From(("__name__", "g"), ("job", "a")), points.Select(p => p.T).ToArray(), points.Select(p => p.V).ToArray());

    [Fact]
    public void Shape_GridPoints_TakesThePointAtEachTimestamp_NoSecondLookback()
    {
        // No point at 720s: the store's lookback found nothing there, so the 660s point must not be carried over.
        var input = Points((600_000, 1), (660_000, 2), (780_000, double.NaN), (840_000, 4));
        var grid = new ShapingOptions { Input = SeriesInput.GridPoints };
        var raw = new ShapingOptions();

        var fromGrid = Assert.Single(new SeriesShaper(grid).Shape([input], Grid).Series);
        var fromRaw = Assert.Single(new SeriesShaper(raw).Shape([input], Grid).Series);

        Assert.Equal([1, 2, ShapedSeries.Missing, double.NaN, 4], fromGrid.Values);
        Assert.Equal(2, fromRaw.Values[2]);
        Assert.Equal(Grid.StartMs, new SeriesShaper(grid).ReadStartMs(Grid));
    }

    [Fact]
    public void Shape_GridPointsWithRateAndSum_RunsThemOverThePoints()
    {
        var options = new ShapingOptions { Input = SeriesInput.GridPoints, Function = RangeFunction.Increase, Range = TimeSpan.FromMinutes(2), Aggregate = AggregateOp.Sum };
        var input = Points((480_000, 0), (540_000, 10), (600_000, 20), (660_000, 30), (720_000, 40), (780_000, 50), (840_000, 60));

        var shaped = Assert.Single(new SeriesShaper(options).Shape([input], Grid).Series);

        Assert.Equal(LabelSet.Empty, shaped.Labels);
        Assert.All(shaped.Values, v => Assert.Equal(20, v, 9));
        Assert.Equal(Grid.StartMs - 120_000, new SeriesShaper(options).ReadStartMs(Grid));
    }

    [Fact]
    public void Shape_StoreShaped_TakesSeriesAsTheyAre_WhateverTheFunctionAggregationAndDroppedLabels()
    {
        var options = new ShapingOptions
        {
            Input = SeriesInput.Shaped, Function = RangeFunction.Rate, Range = TimeSpan.FromMinutes(5), Aggregate = AggregateOp.Sum, By = ["job"],
            DropLabels = ["job"],
        };
        var a = new TimeSeries(LabelSet.From(("job", "a")), [600_000, 720_000], [0.5, double.PositiveInfinity]);
        var b = new TimeSeries(LabelSet.From(("job", "b")), [660_000], [-1]);

        var shaped = new SeriesShaper(options).Shape([b, a], Grid).Series;

        Assert.Equal(["{job=\"a\"}", "{job=\"b\"}"], shaped.Select(s => s.Labels.ToString()));
        Assert.Equal([0.5, ShapedSeries.Missing, double.PositiveInfinity, ShapedSeries.Missing, ShapedSeries.Missing], shaped[0].Values);
        Assert.Equal([ShapedSeries.Missing, -1, ShapedSeries.Missing, ShapedSeries.Missing, ShapedSeries.Missing], shaped[1].Values);
        Assert.Equal(Grid.StartMs, new SeriesShaper(options).ReadStartMs(Grid));
    }
}
