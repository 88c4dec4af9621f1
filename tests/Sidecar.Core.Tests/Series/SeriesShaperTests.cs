using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

/// <summary>PromQL semantics of shaping, on hand-computed cases (times in seconds from 0 unless stated).</summary>
public sealed class SeriesShaperTests
{
    private const long S = 1000;

    private static TimeSeries Raw(string labels, long[] secondsAt, double[] values)
    {
        var pairs = labels.Split(',').Select(p => p.Split('=')).Select(p => (p[0], p[1])).ToArray();
        return new TimeSeries(LabelSet.From(pairs), secondsAt.Select(s => s * S).ToArray(), values);
    }

    private static ShapedSeries Single(ShapingOptions options, long startS, long endS, params TimeSeries[] raw) =>
        Assert.Single(new SeriesShaper(options).Shape(raw, startS * S, endS * S).Series);

    [Fact]
    public void Shape_GaugeAtExactlyLookbackAfterSample_IsPresent()
    {
        // Prometheus 2.x keeps a sample exactly 5m old (closed window [t−5m, t]); 1 ms later it is gone.
        var raw = Raw("__name__=g", [0, 600], [7, 8]);
        var shaped = new SeriesShaper(new ShapingOptions { Step = TimeSpan.FromMilliseconds(1) }).Shape([raw], 300 * S, 300 * S + 1);

        var series = Assert.Single(shaped.Series);
        Assert.Equal([7, ShapedSeries.Missing], series.Values);
        Assert.True(series.IsPresent(0));
        Assert.False(series.IsPresent(1));
    }

    [Fact]
    public void Shape_Gauge_KeepsMetricNameAndTakesTheLastSampleAtOrBeforeEachStep()
    {
        var series = Single(new ShapingOptions(), 0, 240, Raw("__name__=g,job=a", [30, 60, 90], [1, 2, 3]));

        Assert.Equal("{__name__=\"g\",job=\"a\"}", series.Labels.ToString());
        Assert.Equal("g", series.MetricName);
        Assert.Equal([ShapedSeries.Missing, 2, 3, 3, 3], series.Values);
    }

    [Fact]
    public void Shape_RangeWindow_IncludesSamplesOnBothEdges()
    {
        // rate(x[1m]) at 60s sees the samples at 0s and 60s; at 120s those at 60s and 120s; at 61s only one → no point.
        var options = new ShapingOptions { Function = RangeFunction.Increase, Range = TimeSpan.FromMinutes(1), Step = TimeSpan.FromSeconds(1) };
        var shaped = new SeriesShaper(options).Shape([Raw("__name__=c", [0, 60, 120], [0, 6, 12])], 60 * S, 61 * S);

        var series = Assert.Single(shaped.Series);
        Assert.Equal("{}", series.Labels.ToString());
        Assert.Equal("c", series.MetricName);
        Assert.Equal([6, ShapedSeries.Missing], series.Values);
    }

    [Fact]
    public void Shape_NaNSample_IsAPresentNaNNotMissing()
    {
        var series = Single(new ShapingOptions(), 60, 60, Raw("__name__=g", [30], [double.NaN]));

        Assert.True(series.IsPresent(0));
        Assert.True(double.IsNaN(series.Values[0]));
        Assert.False(ShapedSeries.IsMissing(series.Values[0]));
    }

    [Fact]
    public void Shape_SeriesWithoutPointsOnTheGrid_IsLeftOut()
    {
        var shaped = new SeriesShaper(new ShapingOptions()).Shape(
            [Raw("__name__=g,job=a", [0], [1]), Raw("__name__=g,job=b", [10_000], [1])], 0, 60 * S);

        Assert.Equal("{__name__=\"g\",job=\"a\"}", Assert.Single(shaped.Series).Labels.ToString());
    }

    [Fact]
    public void Shape_SumBy_GroupsOnTheListedLabelsOnly()
    {
        var options = new ShapingOptions { Aggregate = AggregateOp.Sum, By = ["job"] };
        var shaped = new SeriesShaper(options).Shape(
            [
                Raw("__name__=g,job=a,instance=1", [0], [1.5]),
                Raw("__name__=g,job=a,instance=2", [0], [2]),
                Raw("__name__=g,job=b,instance=1", [0], [10]),
                Raw("__name__=g,instance=3", [0], [100]),
            ],
            0,
            0);

        Assert.Equal(["{}", "{job=\"a\"}", "{job=\"b\"}"], shaped.Series.Select(s => s.Labels.ToString()));
        Assert.Equal([100, 3.5, 10], shaped.Series.Select(s => s.Values[0]));
    }

    [Fact]
    public void Shape_ByMetricNameOnAGauge_KeepsTheName()
    {
        var options = new ShapingOptions { Aggregate = AggregateOp.Count, By = ["__name__"] };
        var series = Single(options, 0, 0, Raw("__name__=g,job=a", [0], [1]), Raw("__name__=g,job=b", [0], [1]));

        Assert.Equal("{__name__=\"g\"}", series.Labels.ToString());
        Assert.Equal(2, series.Values[0]);
    }

    [Fact]
    public void Shape_Without_DropsTheListedLabelsAndTheMetricName()
    {
        var options = new ShapingOptions { Aggregate = AggregateOp.Max, Without = true, WithoutLabels = ["instance"] };
        var series = Single(options, 0, 0, Raw("__name__=g,job=a,instance=1", [0], [1]), Raw("__name__=g,job=a,instance=2", [0], [5]));

        Assert.Equal("{job=\"a\"}", series.Labels.ToString());
        Assert.Equal(5, series.Values[0]);
    }

    [Fact]
    public void Shape_CountAndAvg_CountOnlySeriesPresentAtTheStep()
    {
        // At 0s only instance 1 has a sample; at 600s both; b's sample at 400s is still within the lookback at 600s.
        TimeSeries[] raw = [Raw("__name__=g,instance=1", [0, 600], [2, 4]), Raw("__name__=g,instance=2", [400], [10])];
        var count = Single(new ShapingOptions { Aggregate = AggregateOp.Count, Step = TimeSpan.FromSeconds(600) }, 0, 600, raw);
        var avg = Single(new ShapingOptions { Aggregate = AggregateOp.Avg, Step = TimeSpan.FromSeconds(600) }, 0, 600, raw);

        Assert.Equal([1, 2], count.Values);
        Assert.Equal([2, 7], avg.Values);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, 1.0, double.PositiveInfinity)]
    [InlineData(1.0, double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, double.NaN)]
    public void Shape_AvgWithInfinities_FollowsPrometheus(double first, double second, double expected)
    {
        var series = Single(
            new ShapingOptions { Aggregate = AggregateOp.Avg },
            0,
            0,
            Raw("__name__=g,i=1", [0], [first]),
            Raw("__name__=g,i=2", [0], [second]));

        Assert.Equal(expected, series.Values[0]);
        Assert.True(series.IsPresent(0));
    }

    [Theory]
    [InlineData(AggregateOp.Max, 3.0)]
    [InlineData(AggregateOp.Min, 3.0)]
    [InlineData(AggregateOp.Sum, double.NaN)]
    public void Shape_NaNInAGroup_IsReplacedByMinMaxButPoisonsSum(AggregateOp op, double expected)
    {
        var series = Single(
            new ShapingOptions { Aggregate = op },
            0,
            0,
            Raw("__name__=g,i=1", [0], [double.NaN]),
            Raw("__name__=g,i=2", [0], [3]));

        Assert.Equal(expected, series.Values[0]);
    }

    [Fact]
    public void Shape_RateOfTwoMetricsWithEqualLabels_KeepsThemApartByMetricName()
    {
        // PromQL would fail ("vector cannot contain metrics with the same labelset"); the service tells them apart
        // by the metric label.
        var options = new ShapingOptions { Function = RangeFunction.Rate, Range = TimeSpan.FromMinutes(1) };
        var shaped = new SeriesShaper(options).Shape(
            [Raw("__name__=a_total,job=x", [0, 30, 60], [0, 1, 2]), Raw("__name__=b_total,job=x", [0, 30, 60], [0, 3, 6])], 60 * S, 60 * S);

        Assert.Equal(["a_total", "b_total"], shaped.Series.Select(s => s.MetricName));
        Assert.All(shaped.Series, s => Assert.Equal("{job=\"x\"}", s.Labels.ToString()));
        Assert.Equal([2.0 / 60, 6.0 / 60], shaped.Series.Select(s => s.Values[0]));
    }

    [Fact]
    public void Shape_AggregateOverSeveralMetrics_NamesThemAllInMetricName()
    {
        var options = new ShapingOptions { Aggregate = AggregateOp.Sum, Without = true, WithoutLabels = [] };
        var series = Single(options, 0, 0, Raw("__name__=b,job=x", [0], [1]), Raw("__name__=a,job=x", [0], [2]));

        Assert.Equal("{job=\"x\"}", series.Labels.ToString());
        Assert.Equal("a|b", series.MetricName);
        Assert.Equal(3, series.Values[0]);
    }

    [Fact]
    public void Shape_DropLabelsOnARestartedPod_RatesAcrossTheRestartAsACounterReset()
    {
        // Pod p1 counts 0,10,20 at 0,15,30s; p2 restarts at 45s and counts 5,15 at 45,60s. Merged: 0,10,20,5,15:
        // increase over [0,60] = (15 − 0) + 20 = 35, samples span the whole window: no extrapolation.
        var options = new ShapingOptions { Function = RangeFunction.Increase, Range = TimeSpan.FromMinutes(1), DropLabels = ["pod"] };
        var result = new SeriesShaper(options).Shape(
            [Raw("__name__=c,job=a,pod=p1", [0, 15, 30], [0, 10, 20]), Raw("__name__=c,job=a,pod=p2", [45, 60], [5, 15])], 60 * S, 60 * S);

        var series = Assert.Single(result.Series);
        Assert.Equal("{job=\"a\"}", series.Labels.ToString());
        Assert.Equal(35, series.Values[0], 12);
        Assert.Equal(0, result.OverlappingSamplesDropped);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Constructor_StepNotAPositiveWholeMillisecond_Throws(int variant)
    {
        var step = variant == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(15_000);
        Assert.Throws<ArgumentException>(() => new SeriesShaper(new ShapingOptions { Step = step }));
    }

    [Theory]
    [InlineData(RangeFunction.None, 300_000)]
    [InlineData(RangeFunction.Rate, 600_000)]
    public void HistoryMs_Function_IsTheLookbackOrTheRange(RangeFunction function, long expected)
    {
        var shaper = new SeriesShaper(new ShapingOptions { Function = function, Range = TimeSpan.FromMinutes(10) });

        Assert.Equal(expected, shaper.HistoryMs);
        Assert.Equal(1_000_000 - expected, shaper.ReadStartMs(new StepGrid(1_000_000, 60_000, 3)));
    }
}
