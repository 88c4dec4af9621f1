namespace Sidecar.Benchmarks.Models;

/// <summary>Deterministic messaging-like traffic at a 1-minute step: daily and weekday/weekend cycles, growth, noise.</summary>
internal static class TrafficSeries
{
    /// <summary>2024-01-01T00:00Z, a Monday.</summary>
    public const long Start = 1_704_067_200_000;

    public static long[] Grid(int points)
    {
        var ts = new long[points];
        for (var i = 0; i < points; i++)
        {
            ts[i] = Start + (i * 60_000L);
        }

        return ts;
    }

    public static double[] Values(long[] ts, int seed)
    {
        var rnd = new Random(seed);
        var scale = 100 + (rnd.NextDouble() * 900);
        var y = new double[ts.Length];
        for (var i = 0; i < ts.Length; i++)
        {
            var minutes = (ts[i] - Start) / 60_000.0;
            var h = minutes / 60 % 24;
            var dow = (int)(((minutes / 1440) + 1) % 7); // 0 = Sunday
            var weekend = dow is 0 or 6;
            var shape = weekend
                ? 0.2 + (0.6 * Bump(h, 14, 3))
                : 0.15 + (0.75 * Bump(h, 10.5, 2.2)) + (0.85 * Bump(h, 20.5, 1.8));
            var growth = 1 + (0.03 * minutes / 10080);
            var noise = 1 + (0.04 * Gaussian(rnd));
            y[i] = scale * shape * growth * noise;
        }

        return y;
    }

    private static double Bump(double h, double center, double width)
    {
        var d = Math.Min(Math.Abs(h - center), 24 - Math.Abs(h - center));
        return Math.Exp(-0.5 * (d / width) * (d / width));
    }

    private static double Gaussian(Random rnd) =>
        Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
}
