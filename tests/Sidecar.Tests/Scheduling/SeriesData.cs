using Sidecar.RemoteRead;

namespace Sidecar.Tests.Scheduling;

/// <summary>Deterministic test traffic: a daily sine around a level, with small seeded noise.</summary>
internal static class SeriesData
{
    public static TimeSeries Daily(LabelSet labels, long startMs, long endMs, long stepMs = 60_000, double level = 100, double amplitude = 20, int seed = 1)
    {
        var random = new Random(seed);
        var count = (int)((endMs - startMs) / stepMs) + 1;
        var timestamps = new long[count];
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var t = startMs + i * stepMs;
            timestamps[i] = t;
            values[i] = Expected(t, level, amplitude) + (random.NextDouble() - 0.5);
        }

        return new TimeSeries(labels, timestamps, values);
    }

    public static double Expected(long timestampMs, double level = 100, double amplitude = 20) =>
        level + amplitude * Math.Sin(2 * Math.PI * (timestampMs % 86_400_000) / 86_400_000.0);

    /// <summary>A copy of <paramref name="series"/> whose values from <paramref name="fromMs"/> on are replaced.</summary>
    public static TimeSeries WithValueFrom(TimeSeries series, long fromMs, double value) => new(
        series.Labels,
        series.TimestampsMs,
        series.TimestampsMs.Select((t, i) => t >= fromMs ? value : series.Values[i]).ToArray());
}
