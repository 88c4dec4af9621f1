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
        long fitEndMs = 0, double[]? horizonFactors = null)
    {
        Scale = scale;
        LowQuantile = lowQuantile;
        HighQuantile = highQuantile;
        DayProfile = dayProfile;
        Floor = double.IsNaN(floor) ? double.NegativeInfinity : floor;
        FitEndMs = fitEndMs;
        HorizonFactors = horizonFactors ?? [];
    }

    /// <summary>Timestamp of the last point the band was fitted on, unix milliseconds: where the horizon starts.</summary>
    public long FitEndMs { get; }

    /// <summary>
    /// The widening ahead of <see cref="FitEndMs"/>, one factor per horizon of <see cref="HorizonWidening.HorizonsMs"/>
    /// (see <see cref="HorizonWidening.Factor"/>); empty: none (a band read from a format before 5).
    /// </summary>
    public double[] HorizonFactors { get; }

    /// <summary>This band widened ahead of <paramref name="fitEndMs"/> by <paramref name="factors"/>.</summary>
    public Band WithHorizon(long fitEndMs, double[] factors) => new(Scale, LowQuantile, HighQuantile, DayProfile, Floor, fitEndMs, factors);

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

        return any ? new Band(Scale, LowQuantile, HighQuantile, DayProfile, 0, FitEndMs, HorizonFactors) : this;
    }

    /// <summary>Overall robust residual scale, in the series' units.</summary>
    public double Scale { get; }

    /// <summary>Standardised distance from predicted to the lower edge (≥ 0).</summary>
    public double LowQuantile { get; }

    /// <summary>Standardised distance from predicted to the upper edge (≥ 0).</summary>
    public double HighQuantile { get; }

    /// <summary>Relative scale per equal slice of the local day; empty when the noise does not depend on it.</summary>
    public double[] DayProfile { get; }

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
