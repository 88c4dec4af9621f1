using Sidecar.Models;
using Sidecar.Models.Serialization;
using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;
using Sidecar.State;
using Sidecar.Fuzz.Targets;

namespace Sidecar.Fuzz;

/// <summary>
/// Writes the binary seeds (`seeds DIR`): small valid inputs made by the code's own encoders and the test fakes, and a
/// few near-valid ones. The text corpora (config, selector) are written by hand.
/// </summary>
internal static class SeedCorpus
{
    private const long Minute = 60_000;

    public static void Write(string root)
    {
        var series = new[] { Series("up", 30, i => 1), Series("cpu", 120, i => Math.Sin(i / 7.0) * 100), Series("odd", 5, Odd) };
        var xor = Directory.CreateDirectory(Path.Combine(root, "xor-chunk")).FullName;
        foreach (var s in series)
        {
            File.WriteAllBytes(Path.Combine(xor, s.Labels.Get("__name__") + ".bin"), Chunk(s));
        }

        var irregular = new TimeSeries(LabelSet.From(("__name__", "irregular")), [0, 1, 1_000_000, 1_000_001, -5_000_000_000], [0, -0.0, double.MaxValue, double.Epsilon, 3]);
        File.WriteAllBytes(Path.Combine(xor, "irregular.bin"), Chunk(irregular));
        File.WriteAllBytes(Path.Combine(xor, "one.bin"), Chunk(Series("one", 1, i => 42)));
        File.WriteAllBytes(Path.Combine(xor, "truncated.bin"), Chunk(series[1])[..40]);

        var streamed = Directory.CreateDirectory(Path.Combine(root, "streamed-frames")).FullName;
        File.WriteAllBytes(Path.Combine(streamed, "two-series.bin"), ResponseEncoder.StreamedBody(series[..2]));
        File.WriteAllBytes(Path.Combine(streamed, "split-frames.bin"), ResponseEncoder.StreamedBody([series[1]], samplesPerChunk: 40, frameBudgetBytes: 100));
        File.WriteAllBytes(Path.Combine(streamed, "bad-crc.bin"), ResponseEncoder.Frame(ResponseEncoder.StreamedPayloads([series[2]])[0], crcOverride: 1));
        File.WriteAllBytes(Path.Combine(streamed, "zero.bin"), [0]);

        var samples = Directory.CreateDirectory(Path.Combine(root, "snappy-samples")).FullName;
        File.WriteAllBytes(Path.Combine(samples, "three-series.bin"), ResponseEncoder.SamplesBody(series));
        File.WriteAllBytes(Path.Combine(samples, "one-series.bin"), ResponseEncoder.SamplesBody([series[2]]));
        File.WriteAllBytes(Path.Combine(samples, "no-series.bin"), ResponseEncoder.SamplesBody([]));
        File.WriteAllBytes(Path.Combine(samples, "two-results.bin"), SnappyBlock.Compress(ResponseEncoder.ReadResponse([series[2]], [series[0]])));

        var models = Directory.CreateDirectory(Path.Combine(root, "model-codec")).FullName;
        var fitted = new Dictionary<ModelKind, byte[]>();
        foreach (var kind in new[] { ModelKind.Ewma, ModelKind.SeasonalBaseline, ModelKind.Prophet })
        {
            fitted[kind] = FittedModelCodec.Encode(Fit(kind));
            File.WriteAllBytes(Path.Combine(models, kind.ToString().ToLowerInvariant() + ".bin"), fitted[kind]);
        }

        var state = Directory.CreateDirectory(Path.Combine(root, "state-file")).FullName;
        var selector = new SelectorState("fuzz", "fuzz", FuzzLimits.StartMs, [
            new SeriesState(series[0].Labels, "up", FuzzLimits.EndMs, fitted[ModelKind.Ewma]),
            new SeriesState(LabelSet.From(("job", "a"), ("instance", "b:9090")), "up", FuzzLimits.EndMs, [1, 2, 3]),
        ]);
        var file = StateFileCodec.Encode(selector);
        File.WriteAllBytes(Path.Combine(state, "whole-file.bin"), file);
        File.WriteAllBytes(Path.Combine(state, "payload.bin"), file[StateFileCodec.HeaderLength..]);
        File.WriteAllBytes(Path.Combine(state, "empty-payload.bin"), StateFileCodec.Encode(selector with { Series = [] })[StateFileCodec.HeaderLength..]);
        File.WriteAllBytes(Path.Combine(state, "other-selector.bin"), StateFileCodec.Encode(selector with { Selector = "x", Series = [] })[StateFileCodec.HeaderLength..]);
    }

    private static double Odd(int i) => i switch
    {
        0 => double.NaN,
        1 => BitConverter.UInt64BitsToDouble(StaleMarker.Bits),
        2 => double.PositiveInfinity,
        3 => -1e300,
        _ => 0.1,
    };

    private static TimeSeries Series(string name, int count, Func<int, double> value)
    {
        var ts = new long[count];
        var vs = new double[count];
        for (var i = 0; i < count; i++)
        {
            ts[i] = FuzzLimits.StartMs + (i * Minute) + (i % 3 == 0 ? 17 : 0);
            vs[i] = value(i);
        }

        return new TimeSeries(LabelSet.From(("__name__", name), ("job", "fuzz")), ts, vs);
    }

    private static byte[] Chunk(TimeSeries s) => XorChunkEncoder.Encode(s.TimestampsMs, s.Values);

    private static IFittedModel Fit(ModelKind kind)
    {
        var s = Series("fit", 3 * 288, i => 10 + (5 * Math.Sin(2 * Math.PI * i / 288.0)) + (i % 7));
        var ts = s.TimestampsMs.Select((_, i) => FuzzLimits.StartMs + (i * 5 * Minute)).ToArray();
        return ModelFitter.Fit(ts, s.Values, new ModelOptions { Kind = kind, WeeklySeasonality = 0 });
    }
}
