using BenchmarkDotNet.Attributes;
using Sidecar.Models;

namespace Sidecar.Benchmarks.Models;

/// <summary>
/// One Prophet fit of a 1-minute series from scratch (time grid, design matrix, everything) at 1, 2, 4 and 8
/// weeks of history: the time should grow linearly with the points (2 weeks = 20,160 points).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FitBenchmarks
{
    private long[] _ts = [];
    private double[] _values = [];
    private readonly ModelOptions _options = new() { Kind = ModelKind.Prophet };

    [Params(1, 2, 4, 8)]
    public int Weeks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ts = TrafficSeries.Grid(Weeks * 10080);
        _values = TrafficSeries.Values(_ts, 1);
    }

    [Benchmark]
    public IFittedModel Prophet() => ModelFitter.Fit(_ts, _values, _options);
}

/// <summary>One fit from scratch of a 14-day 1-minute series (20,160 points) per model type.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class KindBenchmarks
{
    private long[] _ts = [];
    private double[] _values = [];
    private ModelOptions _options = new();

    [Params(ModelKind.Prophet, ModelKind.SeasonalBaseline, ModelKind.Ewma, ModelKind.Auto)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ts = TrafficSeries.Grid(14 * 1440);
        _values = TrafficSeries.Values(_ts, 1);
        _options = new ModelOptions { Kind = Kind };
    }

    [Benchmark]
    public IFittedModel Fit() => ModelFitter.Fit(_ts, _values, _options);
}

/// <summary>
/// One <c>auto</c> fit from scratch of each kind of series the service bench (<c>service-figures</c>) backfills
/// (<see cref="RemoteRead.BenchmarkDataset"/>: counters, 25-hour gauges, 75-hour floats), 14 days at 1 minute: what the
/// 10,000-series first cycle spends per series, without Prometheus.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BenchDatasetFitBenchmarks
{
    private long[] _ts = [];
    private double[] _values = [];
    private readonly ModelOptions _options = new() { Kind = ModelKind.Auto };

    /// <summary>The dataset's seed: its kind is the seed mod 3 (0 counter, 1 gauge, 2 float).</summary>
    [Params(3, 4, 5)]
    public int Seed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ts = TrafficSeries.Grid(14 * 1440);
        (_, _values) = RemoteRead.BenchmarkDataset.Samples(Seed, TrafficSeries.Start, _ts.Length);
    }

    [Benchmark]
    public IFittedModel Fit() => ModelFitter.Fit(_ts, _values, _options);
}
