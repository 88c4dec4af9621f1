using Prometheus;
using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Sources;
using Sidecar.Syntax;
using Sidecar.Testing;

namespace Sidecar.Tests.Sources;

/// <summary>
/// The same selector read from one real Prometheus (2.x, data backfilled by promtool) twice: through remote read
/// with the sidecar's shaping over raw samples, and through <c>query_range</c> (the store shaping it with
/// <c>shaping: store</c>, or handing grid points to the sidecar's shaping for a gauge). The shaped series must be
/// equal: same label sets, same points present, values within 1e-9 relative (NaN and ±Inf exactly).
/// </summary>
public sealed class QueryRangeSourcePrometheusTests(ShapingPrometheusFixture fixture) : IClassFixture<ShapingPrometheusFixture>
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string, string, string, int, string, string> Cases() => new()
    {
        // match, shaping, function, range seconds, aggregate, by/without labels ("-x" = without x)
        { "temperature_celsius", "sidecar", "none", 0, "none", "" },
        { "temperature_celsius", "sidecar", "none", 0, "avg", "job" },
        { "temperature_celsius", "sidecar", "none", 0, "max", "-instance" },
        { "temperature_celsius", "store", "none", 0, "none", "" },
        { "temperature_celsius", "store", "delta", 300, "none", "" },
        { "http_requests_total", "store", "rate", 300, "none", "" },
        { "http_requests_total", "store", "rate", 60, "sum", "job" },
        { "http_requests_total", "store", "increase", 600, "max", "-instance" },
        { "http_requests_total{code=~\"2..\"}", "store", "rate", 300, "count", "" },
        { "http_requests_total", "store", "delta", 300, "avg", "code" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Read_ThroughQueryRange_EqualsRemoteReadShapedBySidecar(
        string match, string shaping, string function, int rangeSeconds, string aggregate, string labels)
    {
        var options = Options(function, rangeSeconds, aggregate, labels);
        var grid = StepGrid.Between(
            StepGrid.AlignDown(fixture.Data.StartMs - 10 * ShapingDataset.Minute, 60_000), fixture.Data.EndMs + 10 * ShapingDataset.Minute, 60_000);

        var expected = await ShapeAsync(match, options, "remote", grid, maxPointsPerRequest: 11_000);
        var input = shaping == "store" ? SeriesInput.Shaped : SeriesInput.GridPoints;
        var actual = await ShapeAsync(match, options with { Input = input }, "query_range", grid, maxPointsPerRequest: 11_000);

        AssertEqual(expected, actual, grid, $"{match} {shaping} {function} {aggregate} {labels}");
    }

    [Fact]
    public async Task Read_LongerThanMaxPointsPerRequest_SplitsIntoRequestsAndEqualsOneRequest()
    {
        var options = Options("rate", 300, "sum", "job") with { Input = SeriesInput.Shaped };
        var grid = StepGrid.Between(StepGrid.AlignDown(fixture.Data.StartMs, 60_000), fixture.Data.EndMs, 60_000);

        var registry = Metrics.NewCustomRegistry();
        var whole = await ShapeAsync("http_requests_total", options, "query_range", grid, maxPointsPerRequest: 11_000, registry);
        var split = await ShapeAsync("http_requests_total", options, "query_range", grid, maxPointsPerRequest: 47, registry);

        AssertEqual(whole, split, grid, "split read");
        var samples = MetricsText.Samples(await MetricsText.RenderAsync(registry));
        Assert.Contains("sidecar_remote_read_responses_total{source=\"qr11000\",code=\"200\"} 1", samples);
        Assert.Contains($"sidecar_remote_read_responses_total{{source=\"qr47\",code=\"200\"}} {(grid.Count + 46) / 47}", samples);
        Assert.Contains("sidecar_remote_read_up{source=\"qr47\"} 1", samples);
    }

    private async Task<ShapingResult> ShapeAsync(
        string match, ShapingOptions options, string kind, StepGrid grid, int maxPointsPerRequest, CollectorRegistry? registry = null)
    {
        var matchers = SeriesSelectorParser.Parse(match);
        var self = new SelfMetrics(Metrics.WithCustomRegistry(registry ?? Metrics.NewCustomRegistry()));
        var selector = new SelectorConfig
        {
            Name = "s", Source = kind, Match = match, Matchers = matchers, Shaping = options, Settings = new SelectorSettings { Step = options.Step },
        };
        var http = new RemoteReadClientOptions { Url = kind == "remote" ? fixture.Server.RemoteReadUrl : new Uri(fixture.Server.BaseAddress, "api/v1/query_range") };
        ISeriesSource source = kind == "remote"
            ? new RemoteReadSource(new RemoteReadConfig("remote", http), self.ForSource("remote"), TimeProvider.System)
            : new QueryRangeSource(
                new QueryRangeConfig("qr", new QueryRangeClientOptions { Http = http, MaxPointsPerRequest = maxPointsPerRequest }),
                self.ForSource($"qr{maxPointsPerRequest}"), TimeProvider.System);
        using (source)
        {
            var shaper = new SeriesShaper(options);
            var raw = await source.ReaderFor(selector).ReadAsync(new ReadQuery(shaper.ReadStartMs(grid), grid.EndMs, matchers), CancellationToken.None);
            return shaper.Shape(raw, grid);
        }
    }

    private static void AssertEqual(ShapingResult expected, ShapingResult actual, StepGrid grid, string what)
    {
        Assert.True(expected.Series.Count > 0, $"{what}: remote read shaped nothing; the case proves nothing");
        Assert.Equal(
            expected.Series.Select(s => s.Labels.ToString()).Order(StringComparer.Ordinal),
            actual.Series.Select(s => s.Labels.ToString()).Order(StringComparer.Ordinal));
        var byLabels = actual.Series.ToDictionary(s => s.Labels);
        var points = 0;
        foreach (var want in expected.Series)
        {
            var got = byLabels[want.Labels];
            Assert.Equal(want.MetricName, got.MetricName);
            for (var k = 0; k < grid.Count; k++)
            {
                var at = $"{what} {want.Labels} at {DateTimeOffset.FromUnixTimeMilliseconds(grid.TimestampMs(k)):O}";
                Assert.True(want.IsPresent(k) == got.IsPresent(k), $"{at}: remote read {(want.IsPresent(k) ? "has" : "has no")} point, query_range {(got.IsPresent(k) ? "has" : "has none")}");
                if (want.IsPresent(k))
                {
                    AssertClose(want.Values[k], got.Values[k], at);
                    points++;
                }
            }
        }

        Assert.True(points > 0);
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        if (!double.IsFinite(expected) || !double.IsFinite(actual))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected:R}, got {actual:R}");
            return;
        }

        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }

    private static ShapingOptions Options(string function, int rangeSeconds, string aggregate, string labels)
    {
        var without = labels.StartsWith('-');
        var list = labels.Length == 0 ? [] : labels.TrimStart('-').Split(',');
        return new ShapingOptions
        {
            Step = TimeSpan.FromMinutes(1),
            Function = Enum.Parse<RangeFunction>(function, ignoreCase: true),
            Range = TimeSpan.FromSeconds(rangeSeconds == 0 ? 300 : rangeSeconds),
            Aggregate = Enum.Parse<AggregateOp>(aggregate, ignoreCase: true),
            Without = without,
            By = without ? [] : list,
            WithoutLabels = without ? list : [],
        };
    }
}
