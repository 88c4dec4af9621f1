using BenchmarkDotNet.Attributes;
using Sidecar.Models;
using Sidecar.Models.Serialization;

namespace Sidecar.Benchmarks.Models;

/// <summary>
/// Bytes a fitted model holds: the managed heap retained by 1,000 fitted models (measured once in setup and
/// printed as "retained bytes per model"), and the encoded size. The benchmark itself times encode + decode.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ModelSizeBenchmarks
{
    private IFittedModel _model = null!;
    private byte[] _bytes = [];

    [Params(ModelKind.Prophet, ModelKind.SeasonalBaseline, ModelKind.Ewma)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ts = TrafficSeries.Grid(14 * 1440);
        var grid = new FitGrid(ts, new ModelOptions { Kind = Kind });
        var values = TrafficSeries.Values(ts, 7);
        _model = grid.Fit(values);
        _bytes = FittedModelCodec.Encode(_model);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = new IFittedModel[1000];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = grid.Fit(values);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// {Kind}: retained bytes per model {(after - before) / kept.Length}, encoded bytes {_bytes.Length}");
        GC.KeepAlive(kept);
    }

    [Benchmark]
    public byte[] Encode() => FittedModelCodec.Encode(_model);

    [Benchmark]
    public IFittedModel Decode() => FittedModelCodec.Decode(_bytes);
}
