using BenchmarkDotNet.Attributes;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.Benchmarks.RemoteRead;

/// <summary>
/// XOR chunk decoding alone, per sample (OperationsPerInvoke = samples): 1,000 chunks of 120 samples (two hours of
/// 1-minute data, as the TSDB cuts them). Samples/s = 1e9 / (ns per op).
/// </summary>
[MemoryDiagnoser]
public class XorChunkDecoderBenchmarks
{
    private const int Chunks = 1000;
    private const int SamplesPerChunk = 120;

    private readonly long[] _timestamps = new long[SamplesPerChunk];
    private readonly double[] _values = new double[SamplesPerChunk];
    private byte[][] _chunks = [];

    /// <summary>0 = counter, 1 = two-decimal gauge, 2 = full-precision float (see <see cref="BenchmarkDataset"/>).</summary>
    [Params(0, 1, 2)]
    public int Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chunks = new byte[Chunks][];
        for (var c = 0; c < Chunks; c++)
        {
            var (timestamps, values) = BenchmarkDataset.Samples((c * 3) + Kind, 1_700_000_000_000, SamplesPerChunk);
            _chunks[c] = XorChunkEncoder.Encode(timestamps, values);
        }
    }

    [Benchmark(OperationsPerInvoke = Chunks * SamplesPerChunk)]
    public long DecodePerSample()
    {
        long checksum = 0;
        foreach (var chunk in _chunks)
        {
            XorChunkDecoder.Decode(chunk, _timestamps, _values);
            checksum += _timestamps[SamplesPerChunk - 1];
        }

        return checksum;
    }
}
