using Sidecar.Models.Features;

namespace Sidecar.Models.Prophet;

/// <summary>
/// Decides the design of a Prophet fit from the options and the history it covers: which seasonalities
/// (daily and weekly switch on automatically when the history holds two full cycles and is sampled finer than
/// one), where the changepoints go (evenly in the first <see cref="ModelOptions.ChangepointRange"/> of the
/// history) and which holiday columns exist (one per holiday and window day, as in Prophet; a country
/// calendar is one group).
/// </summary>
internal static class ProphetLayout
{
    /// <summary>Fourier order of daily seasonality when it is switched on automatically.</summary>
    public const int DefaultDailyOrder = 10;

    /// <summary>Fourier order of weekly seasonality when it is switched on automatically.</summary>
    public const int DefaultWeeklyOrder = 3;

    public static FeatureSpec Compile(ModelOptions options, long startMs, long endMs, double stepMs)
    {
        var span = (double)(endMs - startMs);
        var covered = span + stepMs;
        var seasonal = new List<SeasonalTerm>();
        var daily = AutoOrder(options.DailySeasonality, covered, stepMs, 86400e3, DefaultDailyOrder);
        if (daily > 0)
        {
            seasonal.Add(new SeasonalTerm(86400, daily, options.SeasonalityPriorScale, SeasonalityCondition.None));
        }

        var weekly = AutoOrder(options.WeeklySeasonality, covered, stepMs, 7 * 86400e3, DefaultWeeklyOrder);
        if (weekly > 0)
        {
            seasonal.Add(new SeasonalTerm(7 * 86400, weekly, options.SeasonalityPriorScale, SeasonalityCondition.None));
        }

        foreach (var s in options.Seasonalities)
        {
            if (s.FourierOrder > 0 && s.PeriodSeconds > 0)
            {
                seasonal.Add(new SeasonalTerm(s.PeriodSeconds, s.FourierOrder, s.PriorScale, s.Condition));
            }
        }

        var flat = options.Growth == Growth.Flat;
        var changepoints = flat ? [] : Changepoints(options, span, stepMs);
        var holidays = HolidayColumns(options, startMs, endMs);
        return new FeatureSpec(options.TimeZone, startMs, span, flat, changepoints, [.. seasonal], holidays);
    }

    /// <summary>Whether <see cref="FeatureSpec"/> has a daily cycle, for time-of-day band profiles.</summary>
    public static bool HasDailyCycle(FeatureSpec spec) =>
        spec.Seasonalities.Any(s => s.PeriodSeconds is 86400 or 604800);

    private static int AutoOrder(int? configured, double coveredMs, double stepMs, double periodMs, int order)
    {
        if (configured is { } fixedOrder)
        {
            return Math.Max(fixedOrder, 0);
        }

        return coveredMs >= 2 * periodMs && stepMs < periodMs ? order : 0;
    }

    private static double[] Changepoints(ModelOptions options, double spanMs, double stepMs)
    {
        var points = stepMs > 0 ? (int)Math.Min(spanMs / stepMs, int.MaxValue) : 0;
        var count = Math.Min(options.NChangepoints, Math.Max(points - 1, 0));
        var range = Math.Clamp(options.ChangepointRange, 0, 1);
        if (count <= 0 || range <= 0)
        {
            return [];
        }

        var cps = new double[count];
        for (var j = 0; j < count; j++)
        {
            cps[j] = range * (j + 1) / count;
        }

        return cps;
    }

    private static HolidayTerm[] HolidayColumns(ModelOptions options, long startMs, long endMs)
    {
        var all = new List<HolidayOptions>(options.Holidays);
        if (options.HolidayCountries.Count > 0)
        {
            // one year either side covers any forecast made from this fit
            var from = DateTimeOffset.FromUnixTimeMilliseconds(startMs).Year - 1;
            var to = DateTimeOffset.FromUnixTimeMilliseconds(endMs).Year + 1;
            foreach (var country in options.HolidayCountries)
            {
                all.Add(HolidayCalendars.ForCountry(country, from, to, options.HolidaysPriorScale));
            }
        }

        var columns = new List<HolidayTerm>();
        foreach (var h in all)
        {
            var lower = Math.Min(h.LowerWindow, 0);
            var upper = Math.Max(h.UpperWindow, 0);
            for (var offset = lower; offset <= upper; offset++)
            {
                var days = h.Dates.Select(d => (long)d.DayNumber - EpochDayNumber + offset).Distinct().Order().ToArray();
                columns.Add(new HolidayTerm(h.Name, offset, days, h.PriorScale));
            }
        }

        return [.. columns];
    }

    /// <summary><see cref="DateOnly.DayNumber"/> of 1970-01-01.</summary>
    internal static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;
}
