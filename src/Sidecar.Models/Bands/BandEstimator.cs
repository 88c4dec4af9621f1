using System.Buffers;
using Sidecar.Models.Fitting;
using Sidecar.Models.Scoring;

namespace Sidecar.Models.Bands;

/// <summary>
/// Estimates a <see cref="Band"/> from residuals: a robust overall scale, an optional time-of-day profile
/// of the scale (robust per-slice scale shrunk toward 1 and smoothed around the day), then empirical
/// quantiles of the standardised residuals at (1 ± width)/2. Where the sample holds fewer than ten points
/// beyond the wanted quantile, the tail is extrapolated with an exponential tail fitted to the top 1 % of the
/// points (at least ten), so very wide bands stay grounded in the data instead of in its largest points, and a
/// past incident in the window does not widen the band to cover itself.
/// </summary>
internal static class BandEstimator
{
    private const int TailPoints = 10;

    /// <summary>
    /// The far tail is extrapolated from the points beyond the top <c>max(TailPoints, TailFraction·n)</c>, never from
    /// the ten largest alone: one past incident (a 20-minute outage is 20 points of a two-week 1-minute window) would
    /// fill those, stretch the band to cover itself and hide every incident of its size for as long as it stays in
    /// the window. Among the top 1 % it is a minority, which the tail's median excess ignores.
    /// </summary>
    private const double TailFraction = 0.01;

    /// <summary>
    /// <paramref name="residuals"/>: value − predicted (NaN skipped). <paramref name="localSeconds"/>: local
    /// wall-clock seconds of each residual, used when <paramref name="profileBins"/> &gt; 1.
    /// <paramref name="inflation"/> multiplies the scale (out-of-sample correction, ≥ 1).
    /// </summary>
    public static Band Estimate(ReadOnlySpan<double> residuals, ReadOnlySpan<double> localSeconds, double width, int profileBins, double inflation, double scaleFloor)
    {
        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, residuals.Length));
        try
        {
            return Estimate(residuals, localSeconds, width, profileBins, inflation, scaleFloor, scratch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// <see cref="Estimate(ReadOnlySpan{double}, ReadOnlySpan{double}, double, int, double, double)"/> without the past
    /// incidents that a first estimate flags (<see cref="IncidentMask"/>). <c>Masked</c> is the errors the band was
    /// estimated from, the incidents NaN; null when nothing was masked (then <paramref name="residuals"/> themselves).
    /// The first estimate is at <see cref="IncidentWidth"/> where <paramref name="width"/> is narrower, so what counts
    /// as an incident does not depend on the width asked for.
    /// </summary>
    public static (Band Band, double[]? Masked) EstimateWithoutIncidents(ReadOnlySpan<double> residuals, ReadOnlySpan<double> localSeconds, double width, int profileBins, double inflation, double scaleFloor)
    {
        var first = Estimate(residuals, localSeconds, Math.Max(width, IncidentWidth), profileBins, inflation, scaleFloor);
        var masked = IncidentMask.Apply(residuals, first, localSeconds);
        return masked is null && width >= IncidentWidth
            ? (first, null)
            : (Estimate(masked ?? residuals, localSeconds, width, profileBins, inflation, scaleFloor), masked);
    }

    /// <summary>
    /// The width of the band whose runs of exceedances are the incidents left out (the default
    /// <see cref="ModelOptions.IntervalWidth"/>). A narrower band is exceeded for ten points in a row by ordinary noise
    /// whose errors follow each other closely: at 0.99, masking those runs cut up to 2 % of the errors, the tail the
    /// 0.99 quantile is read from, and the KPIs' label-0 rows were covered 97.4 % of the time.
    /// </summary>
    internal const double IncidentWidth = 0.9999;

    private static Band Estimate(ReadOnlySpan<double> residuals, ReadOnlySpan<double> localSeconds, double width, int profileBins, double inflation, double scaleFloor, double[] scratch)
    {
        var n = residuals.Length;
        var m = 0;
        foreach (var r in residuals)
        {
            if (!double.IsNaN(r))
            {
                scratch[m++] = r;
            }
        }

        if (m == 0)
        {
            return new Band(Math.Max(scaleFloor, 0), 3, 3, []);
        }

        var center = RobustStats.Median(scratch.AsSpan(0, m));
        for (var i = 0; i < m; i++)
        {
            scratch[i] = Math.Abs(scratch[i] - center);
        }

        var scale = RobustStats.MadToSigma * RobustStats.Median(scratch.AsSpan(0, m));
        if (!(scale > 0))
        {
            // mostly-constant series: fall back to the mean absolute deviation, summed in the order the original
            // selections left the deviations in (see RobustStats.MedianInHoareOrder), so the rounding is as it always was
            m = 0;
            foreach (var r in residuals)
            {
                if (!double.IsNaN(r))
                {
                    scratch[m++] = r;
                }
            }

            RobustStats.MedianInHoareOrder(scratch.AsSpan(0, m));
            for (var i = 0; i < m; i++)
            {
                scratch[i] = Math.Abs(scratch[i] - center);
            }

            RobustStats.MedianInHoareOrder(scratch.AsSpan(0, m));
            double sum = 0;
            for (var i = 0; i < m; i++)
            {
                sum += scratch[i];
            }

            scale = 1.2533 * sum / m;
        }

        scale = Math.Max(scale, scaleFloor);
        if (!(scale > 0))
        {
            return new Band(0, 0, 0, []);
        }

        var profile = profileBins > 1 && m >= profileBins * 8 ? DayProfile(residuals, localSeconds, center, scale, profileBins) : [];
        var band = new Band(scale, 0, 0, profile);
        m = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(residuals[i]))
            {
                scratch[m++] = residuals[i] / (scale * band.Multiplier(profile.Length > 0 ? localSeconds[i] : 0));
            }
        }

        var u = scratch.AsSpan(0, m);
        var high = TailQuantile(u, (1 + width) / 2);
        for (var i = 0; i < m; i++)
        {
            u[i] = -u[i];
        }

        var low = TailQuantile(u, (1 + width) / 2);
        // never narrower than the floor on either side: a constant series must not score rounding noise
        var minimum = scaleFloor / scale;
        return new Band(scale * inflation, Math.Max(low, minimum), Math.Max(high, minimum), profile);
    }

    /// <summary>The fewest observed points a sustained window must hold to be scored.</summary>
    internal const int SustainedMinPoints = 3;

    /// <summary>
    /// The smallest sustained limit: the sustained score is never more than this many times the window's mean point
    /// score, so a series whose errors are mostly exactly 0 does not page on a handful of small deviations.
    /// </summary>
    internal const double SustainedLimitFloor = 0.25;

    /// <summary>
    /// The share of the band's tail probability given to the sustained score: its limit is the window mean's quantile
    /// at <c>1 − share·(1 − width)/2</c>, so on the errors it was calibrated on it flags at most this share more rows
    /// than the band does.
    /// </summary>
    internal const double SustainedTailShare = 0.25;

    /// <summary>
    /// Calibrates <paramref name="band"/>'s sustained-deviation limits on the errors it was estimated from: each error
    /// as a signed point score (error over the band's half-width on its side, clipped at ±<see cref="AnomalyScore.SustainedClip"/>), their mean over every window of
    /// <paramref name="windowMs"/> ending at an error (at least <see cref="SustainedMinPoints"/> points), and the
    /// quantiles of those means at <see cref="SustainedTailShare"/> of the band's tail probability on each side, with the same extrapolated tail as
    /// the band, so a past incident among the windows does not raise the limit to cover itself. A limit is never above
    /// 1 (a window of points inside the band never outscores its points) nor below <see cref="SustainedLimitFloor"/>.
    /// The band is returned unchanged when <paramref name="windowMs"/> ≤ 0 or too few windows exist.
    /// </summary>
    public static Band Sustained(Band band, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> errors, ReadOnlySpan<double> localSeconds, double width, double windowMs)
    {
        var n = errors.Length;
        if (!(windowMs > 0) || n == 0 || !(band.Scale > 0))
        {
            return band;
        }

        var signed = ArrayPool<double>.Shared.Rent(n);
        var ts = ArrayPool<long>.Shared.Rent(n);
        var means = ArrayPool<double>.Shared.Rent(n);
        try
        {
            return Sustained(band, timestampsMs, errors, localSeconds, width, windowMs, signed, ts, means);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(signed);
            ArrayPool<long>.Shared.Return(ts);
            ArrayPool<double>.Shared.Return(means);
        }
    }

    private static Band Sustained(Band band, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> errors, ReadOnlySpan<double> localSeconds, double width, double windowMs, double[] signed, long[] ts, double[] means)
    {
        var n = errors.Length;
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var e = errors[i];
            if (double.IsNaN(e))
            {
                continue;
            }

            var half = band.HalfWidth(localSeconds.IsEmpty ? 0 : localSeconds[i], e);
            signed[m] = half > 0 ? Math.Clamp(e / half, -AnomalyScore.SustainedClip, AnomalyScore.SustainedClip) : 0;
            ts[m] = timestampsMs[i];
            m++;
        }

        var k = 0;
        var lo = 0;
        var sum = 0.0;
        for (var i = 0; i < m; i++)
        {
            sum += signed[i];
            while (ts[i] - ts[lo] >= windowMs)
            {
                sum -= signed[lo++];
            }

            if (i - lo + 1 >= SustainedMinPoints)
            {
                means[k++] = sum / (i - lo + 1);
            }
        }

        if (k < 2 * TailPoints)
        {
            return band;
        }

        var u = means.AsSpan(0, k);
        var p = 1 - (SustainedTailShare * (1 - width) / 2);
        var high = TailQuantile(u, p);
        for (var i = 0; i < k; i++)
        {
            u[i] = -u[i];
        }

        var low = TailQuantile(u, p);
        return band.WithSustained(Math.Clamp(low, SustainedLimitFloor, 1), Math.Clamp(high, SustainedLimitFloor, 1));
    }

    /// <summary>
    /// Upper quantile: empirical up to the tail's anchor <c>p0 = 1 − max(TailPoints/n, TailFraction)</c>, an exponential
    /// tail fitted beyond it. Continuous at <c>p0</c> and increasing in <paramref name="p"/>, so a wider interval
    /// never gives a narrower band. (The empirical quantile used to run on up to ten points from the end: with a
    /// 60-point outage in two weeks of one-minute errors, the 0.999 band reached into the outage and was wider than
    /// the 0.9999 band.)
    /// </summary>
    internal static double TailQuantile(Span<double> u, double p)
    {
        var n = u.Length;
        var p0 = 1 - Math.Max((double)TailPoints / n, TailFraction);
        if (p <= p0 || n < 2 * TailPoints)
        {
            return RobustStats.Quantile(u, p);
        }

        var u0 = RobustStats.Quantile(u, p0);
        var k = 0;
        var excess = new double[n - (int)Math.Floor(p0 * (n - 1))];
        for (var i = 0; i < n && k < excess.Length; i++)
        {
            if (u[i] > u0)
            {
                excess[k++] = u[i] - u0;
            }
        }

        if (k == 0)
        {
            return u0;
        }

        // robust exponential scale: median excess / ln 2
        var beta = RobustStats.Median(excess.AsSpan(0, k)) / Math.Log(2);
        return u0 + (beta * Math.Log((1 - p0) / (1 - p)));
    }

    private static double[] DayProfile(ReadOnlySpan<double> residuals, ReadOnlySpan<double> localSeconds, double center, double scale, int bins)
    {
        var binOf = ArrayPool<int>.Shared.Rent(residuals.Length);
        var counts = new int[bins];
        for (var i = 0; i < residuals.Length; i++)
        {
            if (double.IsNaN(residuals[i]))
            {
                binOf[i] = -1;
                continue;
            }

            var day = localSeconds[i] / 86400.0;
            binOf[i] = Math.Min(bins - 1, (int)((day - Math.Floor(day)) * bins));
            counts[binOf[i]]++;
        }

        var offsets = new int[bins + 1];
        for (var b = 0; b < bins; b++)
        {
            offsets[b + 1] = offsets[b] + counts[b];
        }

        var sorted = ArrayPool<double>.Shared.Rent(Math.Max(1, offsets[bins]));
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < residuals.Length; i++)
        {
            if (binOf[i] >= 0)
            {
                sorted[fill[binOf[i]]++] = Math.Abs(residuals[i] - center);
            }
        }

        var raw = new double[bins];
        for (var b = 0; b < bins; b++)
        {
            var count = counts[b];
            var local = count > 0 ? RobustStats.MadToSigma * RobustStats.Median(sorted.AsSpan(offsets[b], count)) / scale : 1.0;
            raw[b] = ((count * local) + 30.0) / (count + 30.0);
        }

        ArrayPool<int>.Shared.Return(binOf);
        ArrayPool<double>.Shared.Return(sorted);

        // smooth around the day ([1 2 1]/4 twice) so one noisy slice does not make a notch
        var smooth = raw;
        for (var pass = 0; pass < 2; pass++)
        {
            var next = new double[bins];
            for (var b = 0; b < bins; b++)
            {
                next[b] = (smooth[(b + bins - 1) % bins] + (2 * smooth[b]) + smooth[(b + 1) % bins]) / 4;
            }

            smooth = next;
        }

        for (var b = 0; b < bins; b++)
        {
            smooth[b] = Math.Max(smooth[b], 0.2);
        }

        return smooth;
    }
}
