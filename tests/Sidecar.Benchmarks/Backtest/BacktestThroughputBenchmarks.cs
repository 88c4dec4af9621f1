using BenchmarkDotNet.Attributes;
using Sidecar.Tools.Backtest;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Testing;

namespace Sidecar.Benchmarks.Backtest;

/// <summary>
/// Backtest throughput: causal replay of one 8-day series of 5-minute points (2,304 rows; first day is
/// min_history) with the default schedule (fit_every 1h on a 14d window), per model type, and the whole
/// <c>sidecar backtest</c> file path (CSV read, replay, CSV write) for the default model. Times are per row
/// (<see cref="OperationsPerInvokeAttribute"/>), so points/s = 1 s / Mean.
/// Run: <c>dotnet run -c Release --project tests/Sidecar.Benchmarks -- --filter '*BacktestThroughput*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BacktestThroughputBenchmarks
{
    private const int Rows = 8 * 288;
    private const long Step = 300_000;
    private const long Start = 1_700_006_400_000;

    private long[] _ts = null!;
    private double[] _values = null!;
    private string _input = null!;
    private string _output = null!;
    private TempDirectory? _directory;

    [Params(ModelKind.Auto, ModelKind.Prophet, ModelKind.Ewma)]
    public ModelKind Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _ts = new long[Rows];
        _values = new double[Rows];
        var csv = new System.Text.StringBuilder("timestamp,value\n");
        for (int i = 0; i < Rows; i++)
        {
            _ts[i] = Start + (i * Step);
            double daily = Math.Sin(2 * Math.PI * i / 288);
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            _values[i] = 1000 + (300 * daily) + (20 * noise) + (i == 2000 ? 400 : 0);
            csv.Append(DateTimeOffset.FromUnixTimeMilliseconds(_ts[i]).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
               .Append(',').Append(_values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        _directory = new TempDirectory("sidecar-bench-");
        _input = _directory.Write("in.csv", csv.ToString());
        _output = _directory.File("out.csv");
    }

    [GlobalCleanup]
    public void Cleanup() => _directory?.Dispose();

    private ReplayOptions Options => new() { Model = new ModelOptions { Kind = Model } };

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Replay() => CausalReplay.Run(_ts, _values, Options, ModelFitter.Fit).FitCount;

    [Benchmark(OperationsPerInvoke = Rows)]
    public int CsvFile()
    {
        var runner = new BacktestRunner(new BacktestSettings { Replay = Options, Parallelism = 1 }, ModelFitter.Fit, null);
        return runner.Run([new BacktestJob(_input, _output, "in.csv")], CancellationToken.None)[0].Rows;
    }
}
