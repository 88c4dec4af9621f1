namespace Sidecar.Models.Tests.Evaluation;

/// <summary>Evenly spaced test series.</summary>
internal static class RegularSeries
{
    /// <summary><paramref name="count"/> points from <paramref name="startMs"/>, <paramref name="stepMs"/> apart; values from <paramref name="value"/>, called in index order.</summary>
    public static (long[] Ts, double[] Values) Of(long startMs, long stepMs, int count, Func<int, double> value)
    {
        var ts = new long[count];
        var vs = new double[count];
        for (int i = 0; i < count; i++)
        {
            ts[i] = startMs + (i * stepMs);
            vs[i] = value(i);
        }

        return (ts, vs);
    }
}
