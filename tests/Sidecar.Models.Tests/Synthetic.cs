namespace Sidecar.Models.Tests;

/// <summary>Deterministic synthetic series for model tests.</summary>
internal static class Synthetic
{
    public const long Minute = 60_000;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;

    /// <summary>2024-01-01T00:00Z (a Monday) in unix ms.</summary>
    public const long Start = 1_704_067_200_000;

    public static long[] Grid(long start, int count, long stepMs)
    {
        var ts = new long[count];
        for (var i = 0; i < count; i++)
        {
            ts[i] = start + (i * stepMs);
        }

        return ts;
    }

    /// <summary>Standard normal deviates from a seeded generator (Box–Muller).</summary>
    public static double[] Gaussian(int count, int seed)
    {
        var rnd = new Random(seed);
        var z = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - rnd.NextDouble();
            var u2 = rnd.NextDouble();
            z[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return z;
    }

    /// <summary>Hour of day (fractional) of a UTC timestamp.</summary>
    public static double UtcHour(long ts) => ((ts % Day) + Day) % Day / (double)Hour;

    /// <summary>
    /// Traffic-like series: level 100 + slope per day, a daily sine of amplitude 30 peaking at 12:00 UTC,
    /// Gaussian noise of sd <paramref name="noise"/>.
    /// </summary>
    public static double[] Daily(long[] ts, double noise, int seed, double slopePerDay = 0)
    {
        var z = Gaussian(ts.Length, seed);
        var y = new double[ts.Length];
        for (var i = 0; i < ts.Length; i++)
        {
            y[i] = DailyMean(ts[i], ts[0], slopePerDay) + (noise * z[i]);
        }

        return y;
    }

    public static double DailyMean(long ts, long origin, double slopePerDay = 0) =>
        100 + (slopePerDay * (ts - origin) / (double)Day) + (30 * Math.Sin(2 * Math.PI * (UtcHour(ts) - 6) / 24));

    public static (double[] Predicted, double[] Lower, double[] Upper) Predict(IFittedModel model, long[] ts)
    {
        var p = new double[ts.Length];
        var l = new double[ts.Length];
        var u = new double[ts.Length];
        model.Predict(ts, p, l, u);
        return (p, l, u);
    }

    /// <summary>
    /// How many of <paramref name="values"/> from index <paramref name="from"/> on lie inside the band that
    /// <paramref name="model"/> forecasts ahead for their <paramref name="ts"/> (<see cref="IFittedModel.PredictAhead"/>),
    /// and of how many.
    /// </summary>
    public static (int Covered, int Total) CoveredAhead(IFittedModel model, long[] ts, double[] values, int from)
    {
        var (_, lower, upper) = PredictAhead(model, ts[from..]);
        var covered = 0;
        for (var i = 0; i < lower.Length; i++)
        {
            covered += values[from + i] >= lower[i] && values[from + i] <= upper[i] ? 1 : 0;
        }

        return (covered, lower.Length);
    }

    /// <summary>As <see cref="Predict"/>, through <see cref="IFittedModel.PredictAhead"/> (the forecast's widened band).</summary>
    public static (double[] Predicted, double[] Lower, double[] Upper) PredictAhead(IFittedModel model, long[] ts)
    {
        var p = new double[ts.Length];
        var l = new double[ts.Length];
        var u = new double[ts.Length];
        model.PredictAhead(ts, p, l, u);
        return (p, l, u);
    }
}
