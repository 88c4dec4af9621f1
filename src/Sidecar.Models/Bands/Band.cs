namespace Sidecar.Models.Bands;

/// <summary>
/// A calibrated prediction band: half-widths <c>Scale × multiplier(local time of day) × quantile</c> below and
/// above <c>predicted</c>. The multiplier profile (empty = constant) is interpolated around the local day so
/// quiet nights get narrow bands and busy peaks wide ones. Immutable; thread-safe.
/// </summary>
internal sealed class Band
{
    public Band(double scale, double lowQuantile, double highQuantile, double[] dayProfile)
    {
        Scale = scale;
        LowQuantile = lowQuantile;
        HighQuantile = highQuantile;
        DayProfile = dayProfile;
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
}
