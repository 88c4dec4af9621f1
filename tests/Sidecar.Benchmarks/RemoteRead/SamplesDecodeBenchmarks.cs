using BenchmarkDotNet.Attributes;
using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;
using Snappier;

namespace Sidecar.Benchmarks.RemoteRead;

/// <summary>
/// A SAMPLES body (snappy-compressed ReadResponse) of 1,000 series × 1 day of 1-minute samples (1,440,000 samples,
/// one default-sized sub-range request): our in-place span reader against the generated protobuf parser
/// (one message object per sample), both ending in the same TimeSeries arrays.
/// </summary>
[MemoryDiagnoser]
public class SamplesDecodeBenchmarks
{
    private static readonly DecodeLimits Limits = new(16 << 20, 2L << 30, 100_000_000);
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        _body = ResponseEncoder.SamplesBody(BenchmarkDataset.Generate(1000, 1_700_000_000_000, 24 * 60));
        Console.WriteLine($"// samples body: {_body.Length:N0} bytes compressed");
    }

    [Benchmark]
    public long SpanReader()
    {
        using var decoded = SamplesResponseDecoder.Decode(_body, long.MinValue, long.MaxValue, Limits);
        return SeriesAssembler.Assemble([decoded]).Sum(s => (long)s.Count);
    }

    [Benchmark(Baseline = true)]
    public long GeneratedParser()
    {
        var response = ReadResponse.Parser.ParseFrom(Snappy.DecompressToArray(_body));
        long samples = 0;
        foreach (var series in response.Results[0].Timeseries)
        {
            var labels = LabelSet.From(series.Labels.Select(l => new Sidecar.RemoteRead.Label(l.Name, l.Value)));
            var timestamps = new long[series.Samples.Count];
            var values = new double[series.Samples.Count];
            for (var i = 0; i < timestamps.Length; i++)
            {
                timestamps[i] = series.Samples[i].Timestamp;
                values[i] = series.Samples[i].Value;
            }

            samples += new Sidecar.RemoteRead.TimeSeries(labels, timestamps, values).Count;
        }

        return samples;
    }
}
