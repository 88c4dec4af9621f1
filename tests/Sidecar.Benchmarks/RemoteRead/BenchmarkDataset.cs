using Sidecar.RemoteRead;

namespace Sidecar.Benchmarks.RemoteRead;

/// <summary>
/// Deterministic, scrape-like series for the remote-read benchmarks: 1-minute samples with an occasional
/// few-millisecond jitter; a third counters (integer increments), a third gauges with two decimals, a third
/// full-precision floats (rates, ratios). The kind decides how well XOR compresses, so all three are present.
/// </summary>
public static class BenchmarkDataset
{
    public const long StepMs = 60_000;

    public static IEnumerable<TimeSeries> Generate(int seriesCount, long startMs, int samplesPerSeries)
    {
        for (var s = 0; s < seriesCount; s++)
        {
            var labels = LabelSet.From(
                ("__name__", $"bench_metric_{s % 10}"),
                ("instance", $"host-{s:D4}:9100"),
                ("job", "bench"),
                ("kind", Kind(s)));
            var (timestamps, values) = Samples(s, startMs, samplesPerSeries);
            yield return new TimeSeries(labels, timestamps, values);
        }
    }

    /// <summary>One series' samples; <paramref name="seed"/> picks its kind (seed mod 3) and its randomness.</summary>
    public static (long[] Timestamps, double[] Values) Samples(int seed, long startMs, int count)
    {
        var random = new Random(seed);
        var timestamps = new long[count];
        var values = new double[count];
        var level = random.Next(1, 1000);
        for (var i = 0; i < count; i++)
        {
            timestamps[i] = startMs + (i * StepMs) + (random.Next(20) == 0 ? random.Next(1, 6) : 0);
            values[i] = (seed % 3) switch
            {
                0 => level += random.Next(0, 40),
                1 => Math.Round(level + (Math.Sin(i / 240.0) * 50) + random.NextDouble(), 2),
                _ => (level * (1 + Math.Sin(i / 720.0))) + random.NextDouble(),
            };
        }

        return (timestamps, values);
    }

    private static string Kind(int seed) => (seed % 3) switch
    {
        0 => "counter",
        1 => "gauge",
        _ => "float",
    };
}
