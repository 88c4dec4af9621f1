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
            var (timestamps, values) = Samples(s, startMs, samplesPerSeries);
            yield return new TimeSeries(Labels(s), timestamps, values);
        }
    }

    /// <summary>The labels of series <paramref name="seed"/>.</summary>
    public static LabelSet Labels(int seed) => LabelSet.From(
        ("__name__", $"bench_metric_{seed % 10}"),
        ("instance", $"host-{seed:D4}:9100"),
        ("job", "bench"),
        ("kind", Kind(seed)));

    /// <summary>One series' samples; <paramref name="seed"/> picks its kind (seed mod 3) and its randomness.</summary>
    public static (long[] Timestamps, double[] Values) Samples(int seed, long startMs, int count)
    {
        var generator = new Generator(seed, startMs);
        var timestamps = new long[count];
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            (timestamps[i], values[i]) = generator.Next();
        }

        return (timestamps, values);
    }

    private static string Kind(int seed) => (seed % 3) switch
    {
        0 => "counter",
        1 => "gauge",
        _ => "float",
    };

    /// <summary>
    /// One series' samples one after another, the same as <see cref="Samples"/> gives at once: what lets a backfill
    /// write 10,000 series one 2-hour block at a time instead of holding them all.
    /// </summary>
    public sealed class Generator(int seed, long startMs)
    {
        private readonly Random _random = new(seed);
        private readonly int _seed = seed;
        private int _level = -1;
        private int _i;

        /// <summary>The timestamp the next sample would have without jitter.</summary>
        public long NextBaseMs => startMs + (_i * StepMs);

        /// <summary>The next sample.</summary>
        public (long TimestampMs, double Value) Next()
        {
            if (_level < 0)
            {
                _level = _random.Next(1, 1000);
            }

            var i = _i++;
            var t = startMs + (i * StepMs) + (_random.Next(20) == 0 ? _random.Next(1, 6) : 0);
            double v = (_seed % 3) switch
            {
                0 => _level += _random.Next(0, 40),
                1 => Math.Round(_level + (Math.Sin(i / 240.0) * 50) + _random.NextDouble(), 2),
                _ => (_level * (1 + Math.Sin(i / 720.0))) + _random.NextDouble(),
            };
            return (t, v);
        }
    }
}
