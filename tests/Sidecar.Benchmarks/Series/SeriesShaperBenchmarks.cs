using BenchmarkDotNet.Attributes;
using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Benchmarks.Series;

/// <summary>
/// Shaping cost for 1,000 counters scraped every 15s: one inference cycle (5m of history + 1 new minute,
/// <c>sum by (job) (rate(x[5m]))</c> and per-series <c>rate</c>) and one fit (1 day, 1-minute grid).
/// Run: <c>dotnet run -c Release --project tests/Sidecar.Benchmarks -- --filter '*SeriesShaper*'</c>.
/// </summary>
[MemoryDiagnoser]
public class SeriesShaperBenchmarks
{
    private const int SeriesCount = 1000;
    private const long ScrapeMs = 15_000;
    private const long Minute = 60_000;
    private const long Start = 1_700_000_000_000 - 1_700_000_000_000 % Minute;

    private readonly SeriesShaper _rateSumByJob = new(new ShapingOptions
    {
        Function = RangeFunction.Rate, Range = TimeSpan.FromMinutes(5), Aggregate = AggregateOp.Sum, By = ["job"],
    });

    private readonly SeriesShaper _ratePerSeries = new(new ShapingOptions
    {
        Function = RangeFunction.Rate, Range = TimeSpan.FromMinutes(5), DropLabels = ["pod"],
    });

    private List<TimeSeries> _cycle = null!;
    private List<TimeSeries> _day = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cycle = Counters(Start - 6 * Minute, Start);
        _day = Counters(Start - 24 * 60 * Minute, Start);
    }

    [Benchmark]
    public int InferenceCycle_RateSumByJob() =>
        _rateSumByJob.Shape(_cycle, new StepGrid(Start, Minute, 1)).Series.Count;

    [Benchmark]
    public int InferenceCycle_RatePerSeriesWithDropLabels() =>
        _ratePerSeries.Shape(_cycle, new StepGrid(Start, Minute, 1)).Series.Count;

    [Benchmark]
    public int Fit1Day_RatePerSeriesWithDropLabels() =>
        _ratePerSeries.Shape(_day, StepGrid.Between(Start - 24 * 60 * Minute + 5 * Minute, Start, Minute)).Series.Count;

    private static List<TimeSeries> Counters(long fromMs, long toMs)
    {
        var random = new Random(7);
        var result = new List<TimeSeries>(SeriesCount);
        for (var i = 0; i < SeriesCount; i++)
        {
            var n = (int)((toMs - fromMs) / ScrapeMs);
            var t = new long[n];
            var v = new double[n];
            double value = random.Next(1000);
            for (var k = 0; k < n; k++)
            {
                t[k] = fromMs + k * ScrapeMs + random.Next(-500, 500);
                value = k % 2000 == 1999 ? 0 : value + random.Next(100);
                v[k] = value;
            }

            var labels = LabelSet.From(
                ("__name__", "http_requests_total"), ("job", $"job-{i % 10}"), ("instance", $"10.0.{i / 250}.{i % 250}:8080"),
                ("pod", $"api-{i:x6}"), ("code", "200"));
            result.Add(new TimeSeries(labels, t, v));
        }

        return result;
    }
}
