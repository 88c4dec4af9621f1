using System.Buffers;
using Sidecar.Models.Fitting;

namespace Sidecar.Models.Level;

/// <summary>
/// Robust local level of a series of residuals (or of the raw values, for the non-seasonal model): an
/// exponentially weighted mean whose updates are clipped at three robust scales, so a spike barely moves it.
/// A deviation that stays beyond the clip on one side for <c>shiftAfterMs</c> is accepted as a level shift
/// and the level jumps to the median of that run: after a lasting change the forecast follows the new level
/// at the next fit instead of alerting for days (a rare shift's transition is left out of the errors). The errors it returns are those of a forecast held flat
/// for <c>horizonMs</c> (as the running sidecar holds a model until its next fit): out-of-sample by
/// construction, which is what a calibrated band needs. Pure.
/// </summary>
internal static class LevelTracker
{
    private const double Clip = 3.0;
    private const int MaxRareShifts = 2;

    /// <summary>
    /// Tracks <paramref name="values"/> (NaN skipped) at <paramref name="timestampsMs"/>.
    /// <paramref name="halfLifeMs"/> ≤ 0 means a level fixed at 0 (the structure alone forecasts).
    /// </summary>
    public static LevelTrack Track(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, double halfLifeMs, double shiftAfterMs, double horizonMs)
    {
        var n = values.Length;
        var errors = new double[n];
        var levels = new double[n];
        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
        try
        {
            return Track(timestampsMs, values, halfLifeMs, shiftAfterMs, horizonMs, errors, levels, scratch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// As <see cref="Track(ReadOnlySpan{long}, ReadOnlySpan{double}, double, double, double)"/>, writing the errors and
    /// levels to <paramref name="errors"/> and <paramref name="levels"/> (at least as long as <paramref name="values"/>;
    /// the returned track holds them).
    /// </summary>
    public static LevelTrack Track(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, double halfLifeMs, double shiftAfterMs, double horizonMs, double[] errors, double[] levels)
    {
        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            return Track(timestampsMs, values, halfLifeMs, shiftAfterMs, horizonMs, errors, levels, scratch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    private static LevelTrack Track(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, double halfLifeMs, double shiftAfterMs, double horizonMs, double[] errors, double[] levels, double[] scratch)
    {
        var n = values.Length;
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                scratch[m++] = values[i];
            }
        }

        if (m == 0)
        {
            errors.AsSpan().Fill(double.NaN);
            levels.AsSpan().Fill(double.NaN);
            return new LevelTrack(0, errors, 0, levels);
        }

        var scale = DiffScale(values, scratch);
        var level = 0.0;
        var first = true;
        var runStart = -1;
        var runSign = 0;
        var blockStart = long.MinValue;
        var blockLevel = 0.0;
        var run = new List<int>();
        var shifts = new List<int[]>();
        var lastTs = 0L;
        var lastDt = -1L;
        var alpha = 0.0;
        for (var i = 0; i < n; i++)
        {
            var y = values[i];
            if (double.IsNaN(y))
            {
                errors[i] = double.NaN;
                levels[i] = double.NaN;
                continue;
            }

            if (first)
            {
                level = halfLifeMs > 0 ? StartLevel(values, i) : 0;
                first = false;
                lastTs = timestampsMs[i];
            }

            if (blockStart == long.MinValue || timestampsMs[i] - blockStart >= horizonMs)
            {
                blockStart = timestampsMs[i];
                blockLevel = level;
            }

            errors[i] = y - blockLevel;
            if (halfLifeMs <= 0)
            {
                levels[i] = 0;
                continue;
            }

            var r = y - level;
            var sign = scale > 0 && Math.Abs(r) > Clip * scale ? Math.Sign(r) : 0;
            if (sign != 0 && sign == runSign)
            {
                run.Add(i);
            }
            else
            {
                run.Clear();
                runSign = sign;
                if (sign != 0)
                {
                    run.Add(i);
                }
            }

            runStart = run.Count > 0 ? run[0] : -1;
            if (shiftAfterMs > 0 && runStart >= 0 && timestampsMs[i] - timestampsMs[runStart] >= shiftAfterMs && run.Count >= 3)
            {
                // a lasting shift: jump to it, and keep the transition out of the band's errors
                for (var k = 0; k < run.Count; k++)
                {
                    scratch[k] = values[run[k]];
                }

                level = RobustStats.Median(scratch.AsSpan(0, run.Count));
                shifts.Add([.. run]);

                blockLevel = level;
                blockStart = timestampsMs[i];
                run.Clear();
                runSign = 0;
                lastTs = timestampsMs[i];
                levels[i] = level;
                continue;
            }

            var dt = timestampsMs[i] - lastTs;
            lastTs = timestampsMs[i];
            if (dt != lastDt)
            {
                lastDt = dt;
                alpha = dt <= 0 ? 0 : 1 - Math.Pow(2, -dt / halfLifeMs);
            }

            level += alpha * (scale > 0 ? Math.Clamp(r, -Clip * scale, Clip * scale) : r);
            levels[i] = level;
        }

        // a rare shift is an event, not noise: keep its transition out of the band; shifts that recur
        // (a square wave, a daily batch job) are the series' normal behaviour and stay in
        if (shifts.Count <= MaxRareShifts)
        {
            foreach (var shift in shifts)
            {
                foreach (var k in shift)
                {
                    errors[k] = double.NaN;
                }
            }
        }

        return new LevelTrack(level, errors, scale, levels);
    }

    private static double StartLevel(ReadOnlySpan<double> values, int from)
    {
        Span<double> head = stackalloc double[16];
        var k = 0;
        for (var i = from; i < values.Length && k < head.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                head[k++] = values[i];
            }
        }

        return RobustStats.Median(head[..k]);
    }

    /// <summary>σ of the noise from consecutive differences (MAD / √2), blind to slow level changes.</summary>
    private static double DiffScale(ReadOnlySpan<double> values, double[] scratch)
    {
        var m = 0;
        var prev = double.NaN;
        foreach (var y in values)
        {
            if (double.IsNaN(y))
            {
                continue;
            }

            if (!double.IsNaN(prev))
            {
                scratch[m++] = Math.Abs(y - prev);
            }

            prev = y;
        }

        if (m == 0)
        {
            return 0;
        }

        var scale = RobustStats.MadToSigma * RobustStats.Median(scratch.AsSpan(0, m)) / Math.Sqrt(2);
        if (scale > 0)
        {
            return scale;
        }

        // mostly-constant series: mean absolute difference instead, summed in the order the original selection left
        // the differences in (see RobustStats.MedianInHoareOrder), so the rounding is as it always was
        m = 0;
        prev = double.NaN;
        foreach (var y in values)
        {
            if (double.IsNaN(y))
            {
                continue;
            }

            if (!double.IsNaN(prev))
            {
                scratch[m++] = Math.Abs(y - prev);
            }

            prev = y;
        }

        RobustStats.MedianInHoareOrder(scratch.AsSpan(0, m));
        double sum = 0;
        for (var k = 0; k < m; k++)
        {
            sum += scratch[k];
        }

        return 1.2533 * sum / m / Math.Sqrt(2);
    }
}
