using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.Benchmarks.RemoteRead;

/// <summary>
/// A full STREAMED_XOR_CHUNKS body of 1,000 series × 14 days of 1-minute samples (20,160,000 samples), generated
/// with the test encoder (byte-identical to Prometheus's chunks) and laid out as Prometheus streams it (120-sample
/// chunks, one series per frame, ~1 MiB frames), decoded from memory: frames, CRC-32C, protobuf, XOR, range
/// filter, and assembly into the TimeSeries arrays the client returns.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class StreamedDecodeBenchmarks
{
    public const int Series = 1000;
    public const int SamplesPerSeries = 14 * 24 * 60;

    private static readonly DecodeLimits Limits = new(16 << 20, 2L << 30, 100_000_000);
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        _body = ResponseEncoder.StreamedBody(BenchmarkDataset.Generate(Series, 1_700_000_000_000, SamplesPerSeries));
        Console.WriteLine($"// streamed body: {_body.Length:N0} bytes for {Series * (long)SamplesPerSeries:N0} samples");
    }

    [Benchmark]
    public long Decode14Days1000Series()
    {
        using var decoded = StreamedResponseDecoder.DecodeAsync(new MemoryStream(_body, writable: false), long.MinValue, long.MaxValue, Limits, default)
            .GetAwaiter().GetResult();
        return SeriesAssembler.Assemble([decoded]).Count;
    }
}
