using BenchmarkDotNet.Attributes;
using Sidecar.Models;

namespace Sidecar.Benchmarks.Models;

/// <summary>
/// One fit of a 1-minute series from scratch (time grid, design matrix and all) per model type, at 1, 2, 4
/// and 8 weeks of history: fit time should grow linearly with the points.
/// </summary>
[MemoryDiagnoser]
public class FitBenchmarks
{
    private long[] _ts = [];
    private double[] _values = [];
    private ModelOptions _options = new();

    [Params(1, 2, 4, 8)]
    public int Weeks { get; set; }

    [Params(ModelKind.Prophet, ModelKind.SeasonalBaseline, ModelKind.Ewma, ModelKind.Auto)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ts = TrafficSeries.Grid(Weeks * 10080);
        _values = TrafficSeries.Values(_ts, 1);
        _options = new ModelOptions { Kind = Kind };
    }

    [Benchmark]
    public IFittedModel Fit() => ModelFitter.Fit(_ts, _values, _options);
}
