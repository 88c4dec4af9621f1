namespace Sidecar.Tools.Demo;

/// <summary>
/// The relative load of a messaging platform over one local day: quiet nights, a late-morning peak and an evening
/// peak on weekdays; a later, flatter day with a stronger evening on weekends; holidays like a weekend but lower.
/// Pure; 1.0 is roughly the weekday peak.
/// </summary>
public static class DailyTrafficCurve
{
    /// <summary>Relative load at <paramref name="localHour"/> (0 ≤ h &lt; 24, fractional) of a day of <paramref name="kind"/>.</summary>
    public static double Load(double localHour, DayKind kind) => kind switch
    {
        DayKind.Weekday => 0.10 + Bump(localHour, 11.0, 2.6, 0.80) + Bump(localHour, 15.5, 2.0, 0.25) + Bump(localHour, 20.5, 2.0, 0.55),
        DayKind.Weekend => 0.11 + Bump(localHour, 13.0, 3.2, 0.45) + Bump(localHour, 20.5, 2.4, 0.60),
        DayKind.Holiday => 0.85 * (0.10 + Bump(localHour, 13.0, 3.2, 0.40) + Bump(localHour, 20.0, 2.4, 0.50)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown day kind"),
    };

    /// <summary>
    /// Relative load at <paramref name="localHour"/> of a day of kind <paramref name="today"/>, blended over the two
    /// hours either side of midnight with the neighbouring days so that the load never jumps at midnight.
    /// </summary>
    public static double Load(double localHour, DayKind yesterday, DayKind today, DayKind tomorrow)
    {
        const double BlendHours = 2.0;
        var own = Load(localHour, today);
        if (localHour < BlendHours)
        {
            var weight = 0.5 + (0.5 * localHour / BlendHours);
            return (weight * own) + ((1 - weight) * Load(localHour, yesterday));
        }

        if (localHour > 24.0 - BlendHours)
        {
            var weight = 0.5 + (0.5 * (24.0 - localHour) / BlendHours);
            return (weight * own) + ((1 - weight) * Load(localHour, tomorrow));
        }

        return own;
    }

    // A Gaussian bump on the 24-hour circle, so that the curve is continuous across midnight.
    private static double Bump(double hour, double centre, double width, double height)
    {
        var distance = Math.Abs(hour - centre);
        distance = Math.Min(distance, 24.0 - distance);
        return height * Math.Exp(-0.5 * (distance / width) * (distance / width));
    }
}
