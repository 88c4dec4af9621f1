namespace Sidecar.Models.Bands;

/// <summary>
/// A calibrated prediction band: half-widths <c>Scale × multiplier(local time of day) × quantile</c> below and
/// above <c>predicted</c>. The multiplier profile (empty = constant) is interpolated around the local day so
/// quiet nights get narrow bands and busy peaks wide ones. For forecasts ahead (<see cref="Widen"/>) the
/// half-widths grow by <see cref="HorizonFactors"/>. Immutable; thread-safe.
/// </summary>
internal sealed class Band
{
    public Band(
        double scale, double lowQuantile, double highQuantile, double[] dayProfile, double floor = double.NegativeInfinity,
        double sustainedLow = double.PositiveInfinity, double sustainedHigh = double.PositiveInfinity,
        long fitEndMs = 0, double[]? horizonFactors = null)
    {
        FitEndMs = fitEndMs;
        HorizonFactors = horizonFactors ?? [];
        Scale = scale;
        LowQuantile = lowQuantile;
        HighQuantile = highQuantile;
        DayProfile = dayProfile;
        Floor = double.IsNaN(floor) ? double.NegativeInfinity : floor;
        SustainedLow = double.IsNaN(sustainedLow) ? double.PositiveInfinity : sustainedLow;
        SustainedHigh = double.IsNaN(sustainedHigh) ? double.PositiveInfinity : sustainedHigh;
    }

    /// <summary>
    /// The mean signed point score over <see cref="ModelOptions.SustainedWindowSeconds"/> that a deviation below
    /// predicted reaches as rarely as a point reaches the lower band edge (&gt; 0; +∞ when not calibrated). See
    /// <see cref="IFittedModel.SustainedLimits"/>.
    /// </summary>
    public double SustainedLow { get; }

    /// <summary>As <see cref="SustainedLow"/>, above predicted.</summary>
    public double SustainedHigh { get; }

    /// <summary>This band with the sustained-deviation limits given.</summary>
    public Band WithSustained(double low, double high) => new(Scale, LowQuantile, HighQuantile, DayProfile, Floor, low, high, FitEndMs, HorizonFactors);

    /// <summary>Timestamp of the last point the band was fitted on, unix milliseconds: where the horizon starts.</summary>
    public long FitEndMs { get; }

    /// <summary>
    /// The widening ahead of <see cref="FitEndMs"/>, one factor per horizon of <see cref="HorizonWidening.HorizonsMs"/>
    /// (see <see cref="HorizonWidening.Factor"/>); empty: none (a band read from a format before 5).
    /// </summary>
    public double[] HorizonFactors { get; }

    /// <summary>This band widened ahead of <paramref name="fitEndMs"/> by <paramref name="factors"/>.</summary>
    public Band WithHorizon(long fitEndMs, double[] factors) => new(Scale, LowQuantile, HighQuantile, DayProfile, Floor, SustainedLow, SustainedHigh, fitEndMs, factors);

    /// <summary>
    /// The lowest lower edge to show (<see cref="IFittedModel.LowerFloor"/>): 0 for a series that was never negative in
    /// its fit window (a count or a rate cannot go below zero), −∞ otherwise. Scores use the band itself.
    /// </summary>
    public double Floor { get; }

    /// <summary>This band with <see cref="Floor"/> 0 when the values it was fitted on (NaN skipped) were never negative.</summary>
    public Band WithFloorOf(ReadOnlySpan<double> values)
    {
        var any = false;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            if (v < 0)
            {
                return this;
            }

            any = true;
        }

        return any ? new Band(Scale, LowQuantile, HighQuantile, DayProfile, 0, SustainedLow, SustainedHigh, FitEndMs, HorizonFactors) : this;
    }

    /// <summary>
    /// This band widened on each side, where needed, to hold the largest error inside <paramref name="expected"/>:
    /// those deviations were declared normal (an <c>expected</c> window), so the next one like them must score at most
    /// 1. <paramref name="errors"/> are the ones the band was estimated from (NaN skipped), one per
    /// <paramref name="timestampsMs"/>; <paramref name="localSeconds"/> is empty when the band has no day profile.
    /// </summary>
    public Band Covering(ReadOnlySpan<double> errors, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> localSeconds, IReadOnlyList<TimeRange> expected)
    {
        if (expected.Count == 0 || !(Scale > 0))
        {
            return this;
        }

        double low = LowQuantile, high = HighQuantile;
        for (var i = 0; i < errors.Length; i++)
        {
            if (double.IsNaN(errors[i]) || !InAny(expected, timestampsMs[i]))
            {
                continue;
            }

            var u = errors[i] / (Scale * Multiplier(localSeconds.IsEmpty ? 0 : localSeconds[i]));
            high = Math.Max(high, u);
            low = Math.Max(low, -u);
        }

        return low == LowQuantile && high == HighQuantile ? this : new Band(Scale, low, high, DayProfile, Floor, SustainedLow, SustainedHigh, FitEndMs, HorizonFactors);
    }

    /// <summary>Overall robust residual scale, in the series' units.</summary>
    public double Scale { get; }

    /// <summary>Standardised distance from predicted to the lower edge (≥ 0).</summary>
    public double LowQuantile { get; }

    /// <summary>Standardised distance from predicted to the upper edge (≥ 0).</summary>
    public double HighQuantile { get; }

    /// <summary>Relative scale per equal slice of the local day; empty when the noise does not depend on it.</summary>
    public double[] DayProfile { get; }

    /// <summary>The band's half-width at a local time on the side of <paramref name="error"/> (above predicted when ≥ 0).</summary>
    public double HalfWidth(double localSeconds, double error) => Scale * Multiplier(localSeconds) * (error >= 0 ? HighQuantile : LowQuantile);

    /// <summary>Relative noise scale at a local wall-clock time (seconds since local epoch).</summary>
    public double Multiplier(double localSeconds)
    {
        var bins = DayProfile.Length;
        if (bins == 0)
        {
            return 1.0;
        }

        var day = localSeconds / 86400.0;
        var pos = ((day - Math.Floor(day)) * bins) - 0.5;
        var lo = (int)Math.Floor(pos);
        var frac = pos - lo;
        var a = DayProfile[((lo % bins) + bins) % bins];
        var b = DayProfile[(((lo + 1) % bins) + bins) % bins];
        return a + ((b - a) * frac);
    }

    private static bool InAny(IReadOnlyList<TimeRange> ranges, long timestampMs)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(timestampMs))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes lower/upper given predicted values and local times.</summary>
    public void Apply(double predicted, double localSeconds, out double lower, out double upper)
    {
        var s = Scale * Multiplier(localSeconds);
        lower = predicted - (LowQuantile * s);
        upper = predicted + (HighQuantile * s);
    }

    /// <summary>
    /// Widens bands written by <see cref="Apply"/> for predictions at <paramref name="timestampsMs"/>: each half-width
    /// times <see cref="HorizonWidening.Factor"/> of its distance past <see cref="FitEndMs"/>.
    /// </summary>
    public void Widen(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> predicted, Span<double> lower, Span<double> upper)
    {
        if (HorizonFactors.Length == 0)
        {
            return;
        }

        for (var i = 0; i < timestampsMs.Length; i++)
        {
            var f = HorizonWidening.Factor(HorizonFactors, (double)timestampsMs[i] - FitEndMs);
            if (f != 1)
            {
                lower[i] = predicted[i] - ((predicted[i] - lower[i]) * f);
                upper[i] = predicted[i] + ((upper[i] - predicted[i]) * f);
            }
        }
    }
}
