using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Series;

/// <summary>
/// Shaping equals a real Prometheus 2.x <c>query_range</c> of the equivalent PromQL on the same samples: identical
/// label sets, identical presence of points, values within 1e-9 relative at every step.
/// </summary>
public sealed class SeriesShaperPrometheusTests(ShapingPrometheusFixture fixture) : IClassFixture<ShapingPrometheusFixture>
{
    private const double Tolerance = 1e-9;

    public static TheoryData<RangeFunction, int, AggregateOp, bool, string> Counters()
    {
        var data = new TheoryData<RangeFunction, int, AggregateOp, bool, string>();
        var functions = new (RangeFunction Function, int RangeSeconds)[]
        {
            (RangeFunction.None, 0), (RangeFunction.Rate, 300), (RangeFunction.Rate, 60), (RangeFunction.Increase, 300),
            (RangeFunction.Increase, 600), (RangeFunction.Delta, 300),
        };
        var aggregations = new (AggregateOp Op, bool Without, string Labels)[]
        {
            (AggregateOp.None, false, ""), (AggregateOp.Sum, false, "job"), (AggregateOp.Avg, false, "job"),
            (AggregateOp.Max, false, "job,code"), (AggregateOp.Min, true, "instance"), (AggregateOp.Count, true, "instance,code"),
            (AggregateOp.Sum, false, ""), (AggregateOp.Avg, true, "code"),
        };
        foreach (var (function, range) in functions)
        {
            foreach (var (op, without, labels) in aggregations)
            {
                data.Add(function, range, op, without, labels);
            }
        }

        return data;
    }

    public static TheoryData<RangeFunction, int, AggregateOp, bool, string> Gauges()
    {
        var data = new TheoryData<RangeFunction, int, AggregateOp, bool, string>();
        foreach (var (function, range) in new[] { (RangeFunction.None, 0), (RangeFunction.Delta, 300), (RangeFunction.Rate, 120), (RangeFunction.Increase, 300) })
        {
            foreach (var (op, without, labels) in new[] { (AggregateOp.None, false, ""), (AggregateOp.Avg, false, "job"), (AggregateOp.Sum, true, "instance"), (AggregateOp.Max, false, ""), (AggregateOp.Min, false, "job") })
            {
                data.Add(function, range, op, without, labels);
            }
        }

        return data;
    }

    public static TheoryData<RangeFunction, int, AggregateOp> Pods() => new()
    {
        { RangeFunction.None, 0, AggregateOp.None },
        { RangeFunction.Rate, 300, AggregateOp.None },
        { RangeFunction.Increase, 120, AggregateOp.None },
        { RangeFunction.Rate, 300, AggregateOp.Sum },
        { RangeFunction.Delta, 300, AggregateOp.Max },
    };

    [Theory]
    [MemberData(nameof(Counters))]
    public async Task Shape_CountersOnMinuteGrid_EqualsQueryRange(RangeFunction function, int rangeSeconds, AggregateOp op, bool without, string labels)
    {
        var options = Options(function, rangeSeconds, op, without, labels, TimeSpan.FromSeconds(60));
        var grid = StepGrid.Between(fixture.Data.StartMs - 10 * ShapingDataset.Minute, fixture.Data.EndMs + 10 * ShapingDataset.Minute, 60_000);

        await AssertEqualToPrometheusAsync(options, "http_requests_total", fixture.Data.Requests, grid);
    }

    [Theory]
    [MemberData(nameof(Counters))]
    public async Task Shape_CountersOnUnalignedGrid_EqualsQueryRange(RangeFunction function, int rangeSeconds, AggregateOp op, bool without, string labels)
    {
        var options = Options(function, rangeSeconds, op, without, labels, TimeSpan.FromSeconds(45));
        var grid = StepGrid.Between(fixture.Data.StartMs + 1_234, fixture.Data.EndMs, 45_000);

        await AssertEqualToPrometheusAsync(options, "http_requests_total", fixture.Data.Requests, grid);
    }

    [Theory]
    [MemberData(nameof(Gauges))]
    public async Task Shape_GaugesWithNaNAndInfinities_EqualsQueryRange(RangeFunction function, int rangeSeconds, AggregateOp op, bool without, string labels)
    {
        var options = Options(function, rangeSeconds, op, without, labels, TimeSpan.FromSeconds(30));
        var grid = StepGrid.Between(fixture.Data.StartMs - 6 * ShapingDataset.Minute, fixture.Data.EndMs + 6 * ShapingDataset.Minute, 30_000);

        await AssertEqualToPrometheusAsync(options, "temperature_celsius", fixture.Data.Temperatures, grid);
    }

    [Theory]
    [MemberData(nameof(Pods))]
    public async Task Shape_RestartingPodsWithDropLabels_EqualsQueryRangeOfMergedSeries(RangeFunction function, int rangeSeconds, AggregateOp op)
    {
        var options = Options(function, rangeSeconds, op, false, "job", TimeSpan.FromSeconds(60)) with { DropLabels = ["pod"] };
        var grid = StepGrid.Between(fixture.Data.StartMs, fixture.Data.EndMs + 10 * ShapingDataset.Minute, 60_000);

        // Prometheus sees the hand-merged series under another name; the metric name is compared apart.
        var result = await AssertEqualToPrometheusAsync(
            options, "pod_requests_merged_total", fixture.Data.Pods, grid, l => Renamed(l, "pod_requests_total"));

        Assert.Equal(fixture.Data.PodSamplesDiscarded, result.OverlappingSamplesDropped);
        Assert.All(result.Series, s => Assert.Equal("pod_requests_total", s.MetricName));
    }

    private async Task<ShapingResult> AssertEqualToPrometheusAsync(
        ShapingOptions options, string selector, IReadOnlyList<TimeSeries> raw, StepGrid grid, Func<LabelSet, LabelSet>? expectedLabels = null)
    {
        var promql = PromQlText.For(options, selector);
        var expected = await fixture.Server.QueryRangeAsync(promql, grid.StartMs, grid.EndMs, TimeSpan.FromMilliseconds(grid.StepMs));
        var actual = new SeriesShaper(options).Shape(raw, grid);

        Assert.True(expected.Count > 0, $"{promql}: Prometheus returned nothing; the case proves nothing");
        var expectedByLabels = expected.ToDictionary(s => (expectedLabels ?? (l => l))(s.Labels));
        Assert.Equal(
            expectedByLabels.Keys.Select(l => l.ToString()).Order(StringComparer.Ordinal),
            actual.Series.Select(s => s.Labels.ToString()).Order(StringComparer.Ordinal));

        var points = 0;
        foreach (var shaped in actual.Series)
        {
            var want = expectedByLabels[shaped.Labels];
            var j = 0;
            for (var k = 0; k < grid.Count; k++)
            {
                var t = grid.TimestampMs(k);
                var promHasPoint = j < want.TimestampsMs.Length && want.TimestampsMs[j] == t;
                Assert.True(
                    promHasPoint == shaped.IsPresent(k),
                    $"{promql} {shaped.Labels} at {DateTimeOffset.FromUnixTimeMilliseconds(t):O}: Prometheus {(promHasPoint ? "has" : "has no")} point, we {(shaped.IsPresent(k) ? "have" : "have none")}");
                if (promHasPoint)
                {
                    AssertClose(want.Values[j], shaped.Values[k], $"{promql} {shaped.Labels} at {DateTimeOffset.FromUnixTimeMilliseconds(t):O}");
                    j++;
                    points++;
                }
            }

            Assert.Equal(want.TimestampsMs.Length, j);
        }

        Assert.True(points > 0);
        return actual;
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual) || double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected:R}, got {actual:R}");
            return;
        }

        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }

    private static ShapingOptions Options(RangeFunction function, int rangeSeconds, AggregateOp op, bool without, string labels, TimeSpan step)
    {
        var list = labels.Length == 0 ? [] : labels.Split(',');
        return new ShapingOptions
        {
            Step = step,
            Function = function,
            Range = TimeSpan.FromSeconds(rangeSeconds == 0 ? 300 : rangeSeconds),
            Aggregate = op,
            Without = without,
            By = without ? [] : list,
            WithoutLabels = without ? list : [],
        };
    }

    private static LabelSet Renamed(LabelSet labels, string name) =>
        labels.Name.Length == 0
            ? labels
            : LabelSet.From(labels.Select(l => l.Name == LabelSet.MetricName ? l with { Value = name } : l));
}
