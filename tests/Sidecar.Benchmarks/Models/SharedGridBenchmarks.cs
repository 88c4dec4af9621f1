using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Sidecar.Models;

namespace Sidecar.Benchmarks.Models;

/// <summary>
/// The batch path: series of one selector share a 14-day 1-minute grid (20,160 points), so the grid (design
/// matrix, XᵀX, local times) is built once. <see cref="PerSeries"/> is the cost of one more series;
/// <see cref="TenThousandSeries"/> fits 10,000 series on all cores, as the service's fit cycle does.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SharedGridBenchmarks
{
    private const int Points = 14 * 1440;
    private long[] _ts = [];
    private double[][] _series = [];
    private FitGrid _grid = null!;

    [Params(ModelKind.Prophet, ModelKind.Auto)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ts = TrafficSeries.Grid(Points);
        _series = new double[64][];
        for (var s = 0; s < _series.Length; s++)
        {
            _series[s] = TrafficSeries.Values(_ts, s);
        }

        _grid = new FitGrid(_ts, new ModelOptions { Kind = Kind });
        _grid.Fit(_series[0]);
    }

    [Benchmark]
    public IFittedModel PerSeries() => _grid.Fit(_series[1]);

    [Benchmark]
    public FitGrid BuildGrid()
    {
        var grid = new FitGrid(_ts, new ModelOptions { Kind = Kind });
        grid.Fit(_series[0]);
        return grid;
    }
}

/// <summary>10,000 series of 20,160 points fitted on a fresh shared grid with every core (wall time per batch).</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BatchBenchmarks
{
    private const int Series = 10_000;
    private long[] _ts = [];
    private double[][] _distinct = [];

    [Params(ModelKind.Prophet, ModelKind.Auto)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ts = TrafficSeries.Grid(14 * 1440);
        // 64 distinct series reused round-robin keep the setup's memory small; every fit is done in full
        _distinct = new double[64][];
        for (var s = 0; s < _distinct.Length; s++)
        {
            _distinct[s] = TrafficSeries.Values(_ts, s);
        }
    }

    [Benchmark]
    public int TenThousandSeries()
    {
        var grid = new FitGrid(_ts, new ModelOptions { Kind = Kind });
        var fitted = 0;
        Parallel.For(0, Series, i =>
        {
            grid.Fit(_distinct[i % _distinct.Length]);
            Interlocked.Increment(ref fitted);
        });
        return fitted;
    }
}
