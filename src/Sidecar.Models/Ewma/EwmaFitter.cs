using Sidecar.Models.Bands;
using Sidecar.Models.Fitting;

namespace Sidecar.Models.Ewma;

/// <summary>
/// Fits <see cref="EwmaModel"/>: a robust exponentially weighted level (each update clipped at 3 robust
/// scales, so a spike barely moves it, while a lasting level shift is absorbed within a few half-lives). The
/// band comes from errors of the level as it stood <see cref="BandHorizonSeconds"/> earlier, i.e. the
/// out-of-sample errors of a forecast held flat until the next refit.
/// </summary>
internal static class EwmaFitter
{
    /// <summary>Forecast horizon whose errors calibrate the band (half of a typical hourly refit interval).</summary>
    public const double BandHorizonSeconds = 1800;

    public static EwmaModel Fit(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ModelOptions options, ReadOnlySpan<bool> excluded)
    {
        var n = values.Length;
        var halfLifeMs = Math.Max(1.0, options.EwmaHalfLifeSeconds * 1000.0);
        var observed = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(values[i]) && (excluded.IsEmpty || !excluded[i]))
            {
                observed.Add(i);
            }
        }

        if (observed.Count == 0)
        {
            return new EwmaModel(options, double.NaN, new Band(0, 0, 0, []));
        }

        // starting level and scale from the first points
        var head = Math.Min(observed.Count, 32);
        var scratch = new double[Math.Max(head, observed.Count)];
        for (var k = 0; k < head; k++)
        {
            scratch[k] = values[observed[k]];
        }

        var level = RobustStats.Median(scratch.AsSpan(0, head));
        var scale = InitialScale(values, observed, scratch);
        var levels = new double[observed.Count];
        var residuals = new double[observed.Count];
        var lag = 0;
        for (var k = 0; k < observed.Count; k++)
        {
            var i = observed[k];
            var y = values[i];
            // level as it stood one band horizon earlier
            while (lag < k && timestampsMs[observed[lag + 1]] <= timestampsMs[i] - (BandHorizonSeconds * 1000))
            {
                lag++;
            }

            residuals[k] = k == 0 ? double.NaN : y - (lag < k ? levels[lag] : level);
            var dt = k == 0 ? 0 : timestampsMs[i] - timestampsMs[observed[k - 1]];
            var alpha = 1 - Math.Pow(2, -dt / halfLifeMs);
            var r = y - level;
            var clip = 3 * scale;
            var step = scale > 0 ? Math.Clamp(r, -clip, clip) : r;
            level += alpha * step;
            // robust scale tracking: E|r| of clipped errors, at a slower pace than the level
            var absR = scale > 0 ? Math.Min(Math.Abs(r), clip) : Math.Abs(r);
            scale += alpha / 4 * ((absR * 1.2533) - scale);

            levels[k] = level;
        }

        var width = options.IntervalWidth;
        var band = BandEstimator.Estimate(residuals, [], width, 1, 1.0, ScaleFloor(level));
        return new EwmaModel(options, level, band);
    }

    private static double InitialScale(ReadOnlySpan<double> values, List<int> observed, double[] scratch)
    {
        var m = 0;
        for (var k = 1; k < observed.Count; k++)
        {
            scratch[m++] = Math.Abs(values[observed[k]] - values[observed[k - 1]]);
        }

        return m == 0 ? 0 : RobustStats.MadToSigma * RobustStats.Median(scratch.AsSpan(0, m)) / Math.Sqrt(2);
    }

    /// <summary>A band never narrower than a millionth of the level, so a constant series does not score infinity on a rounding blip.</summary>
    internal static double ScaleFloor(double level) => Math.Abs(level) * 1e-6;
}
