using Sidecar.Models.Fitting;

namespace Sidecar.Models.Bands;

/// <summary>
/// How much wider the band must be ahead of the fit end: per horizon of <see cref="HorizonsMs"/>, the factor by which
/// the errors of a forecast made that long before grow over the errors the band is calibrated on (those of a level
/// held flat for <see cref="Ewma.EwmaFitter.BandHorizonMs"/>). The forecast made h before a point is the level
/// the local level tracker had reached at the last point at or before t − h, so the errors are out of sample in the
/// level, and in the structure as far as the residuals given are (the seasonal baseline leaves each day out of its own
/// slot's median where a slot pools few values, <see cref="Baseline.SeasonalProfile.MinPooledValues"/>). Ratio of the
/// 90% quantiles of |error|; at least 1 and non-decreasing. Only forecasts ahead use it
/// (<see cref="IFittedModel.PredictAhead"/>): scores keep the calibrated band. Pure.
/// </summary>
internal static class HorizonWidening
{
    /// <summary>The calibrated horizons: 6 h, 12 h, 1 d, 2 d.</summary>
    public static readonly long[] HorizonsMs = [6 * 3_600_000L, 12 * 3_600_000L, 24 * 3_600_000L, 48 * 3_600_000L];

    /// <summary>
    /// Up to this far past the fit end a forecast's band is exactly the calibrated one (factor 1): the present step of
    /// a model refitted every hour, with an hour to spare for a late fit or a lagging series.
    /// </summary>
    public const long PresentMs = 2 * 3_600_000L;

    private const double Quantile = 0.9;
    private const int MinSamples = 48;
    private const int MaxSamples = 2048;

    /// <summary>
    /// The factors for <see cref="HorizonsMs"/> from <paramref name="residuals"/> (what the level tracks, NaN skipped),
    /// the <paramref name="errors"/> the band is calibrated on and the <paramref name="levels"/> reached at each point
    /// (all the same length); shorter than <see cref="HorizonsMs"/> when the history holds too few pairs a
    /// horizon apart (empty: no widening).
    /// </summary>
    public static double[] Calibrate(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> residuals, ReadOnlySpan<double> errors, ReadOnlySpan<double> levels)
    {
        if (timestampsMs.Length != residuals.Length || errors.Length != residuals.Length || levels.Length != residuals.Length)
        {
            throw new ArgumentException("timestamps, residuals, errors and levels must have the same length.");
        }

        var n = residuals.Length;
        var stride = Math.Max(1, n / MaxSamples);
        var scratch = new double[(n / stride) + 1];
        var m = 0;
        for (var i = 0; i < n; i += stride)
        {
            if (double.IsFinite(errors[i]))
            {
                scratch[m++] = Math.Abs(errors[i]);
            }
        }

        if (m < MinSamples)
        {
            return [];
        }

        var reference = RobustStats.Quantile(scratch.AsSpan(0, m), Quantile);
        if (!(reference > 0))
        {
            return [];
        }

        var factors = new List<double>(HorizonsMs.Length);
        var previous = 1.0;
        foreach (var h in HorizonsMs)
        {
            m = 0;
            var j = -1;
            for (var i = 0; i < n; i += stride)
            {
                var back = timestampsMs[i] - h;
                while (j + 1 < n && timestampsMs[j + 1] <= back)
                {
                    j++;
                }

                // the latest finite level at or before t − h (a NaN point carries none)
                var k = j;
                while (k >= 0 && j - k < 64 && !double.IsFinite(levels[k]))
                {
                    k--;
                }

                if (k >= 0 && double.IsFinite(levels[k]) && double.IsFinite(errors[i]) && double.IsFinite(residuals[i]))
                {
                    scratch[m++] = Math.Abs(residuals[i] - levels[k]);
                }
            }

            if (m < MinSamples)
            {
                break;
            }

            previous = Math.Max(previous, RobustStats.Quantile(scratch.AsSpan(0, m), Quantile) / reference);
            factors.Add(previous);
        }

        return [.. factors];
    }

    /// <summary>
    /// The band's factor <paramref name="aheadMs"/> past the fit end: 1 up to <see cref="PresentMs"/>, then linear
    /// between the calibrated horizons, and beyond the last one growing with √h (as a random walk's spread does).
    /// </summary>
    public static double Factor(ReadOnlySpan<double> factors, double aheadMs)
    {
        if (factors.IsEmpty || !(aheadMs > PresentMs))
        {
            return 1;
        }

        double x0 = PresentMs, f0 = 1;
        for (var k = 0; k < factors.Length; k++)
        {
            double x1 = HorizonsMs[k], f1 = factors[k];
            if (aheadMs <= x1)
            {
                return f0 + ((f1 - f0) * (aheadMs - x0) / (x1 - x0));
            }

            (x0, f0) = (x1, f1);
        }

        return f0 * Math.Sqrt(aheadMs / x0);
    }
}
