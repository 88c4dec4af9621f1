using System.Buffers;
using Sidecar.Models.Bands;
using Sidecar.Models.Features;
using Sidecar.Models.Fitting;
using Sidecar.Models.Ewma;
using Sidecar.Models.Level;

namespace Sidecar.Models.Baseline;

/// <summary>
/// Fits <see cref="SeasonalBaselineModel"/>: "the same time last week, done properly". Values are first
/// detrended (a robust Theil–Sen line through daily medians); each slot of the local day (5 minutes, never finer
/// than the data) is then the median of every value within ±15 minutes of it on the days of the same category
/// (see <see cref="Grouping"/>), so one bad day among several does not move it and a holiday looks like a Sunday. The residuals' local level follows growth and accepted level shifts. The band
/// is calibrated on leave-one-day-out errors where a category has few days, i.e. out of sample.
/// </summary>
internal static class SeasonalBaselineFitter
{
    private const double HalfWindowSeconds = 15 * 60;

    public static SeasonalBaselineModel Fit(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, double stepMs, ReadOnlySpan<double> localSeconds, ReadOnlySpan<bool> excluded, ModelOptions options)
    {
        var n = values.Length;
        var usable = EwmaFitter.Usable(values, excluded);
        var grouping = Grouping(timestampsMs, stepMs);
        SeasonalProfile? profile = null;
        var trend = BaselineTrend.None;
        var residuals = usable;
        var looResiduals = usable;
        // the residuals for forecasts ahead (SeasonalProfile.MinPooledValues), in a rented buffer the model keeps none
        // of: used only where they differ from the leave-one-day-out ones
        double[]? ahead = null;
        var looDiffers = false;
        var aheadDiffers = false;
        if (grouping is { } g)
        {
            var loo = new double[n];
            ahead = ArrayPool<double>.Shared.Rent(n);
            var sparseLoo = ahead.AsSpan(0, n);
            residuals = new double[n];
            var holidays = HolidayDays(options, timestampsMs);
            (profile, trend) = BuildStructure(usable, timestampsMs, localSeconds, g, stepMs, holidays, timestampsMs[^1], loo, sparseLoo);
            profile.At(localSeconds, residuals);
            if (HolidayLikeDays(usable, timestampsMs, localSeconds, stepMs, profile, trend, residuals) is { Length: > 0 } likeHolidays)
            {
                (profile, trend) = BuildStructure(usable, timestampsMs, localSeconds, g, stepMs, [.. holidays.Union(likeHolidays).Order()], timestampsMs[^1], loo, sparseLoo);
                profile.At(localSeconds, residuals);
            }

            looResiduals = loo;
            for (var i = 0; i < n; i++)
            {
                var t = trend.At(timestampsMs[i]);
                residuals[i] = usable[i] - t - residuals[i];
                looResiduals[i] = usable[i] - t - loo[i];
                sparseLoo[i] = usable[i] - t - sparseLoo[i];
                looDiffers |= BitConverter.DoubleToInt64Bits(residuals[i]) != BitConverter.DoubleToInt64Bits(looResiduals[i]);
                aheadDiffers |= BitConverter.DoubleToInt64Bits(sparseLoo[i]) != BitConverter.DoubleToInt64Bits(looResiduals[i]);
            }
        }

        var halfLifeMs = options.EwmaHalfLifeSeconds * 1000;
        if (profile is null)
        {
            // no cycle: the level alone forecasts
            halfLifeMs = Math.Max(halfLifeMs, 1000);
        }

        var shiftMs = options.LevelShiftSeconds * 1000;
        var final = LevelTracker.Track(timestampsMs, residuals, halfLifeMs, shiftMs, EwmaFitter.BandHorizonMs);
        // where no category has few enough days to leave one out, the leave-one-day-out residuals are the residuals
        var errors = profile is null || !looDiffers ? final : LevelTracker.Track(timestampsMs, looResiduals, halfLifeMs, shiftMs, EwmaFitter.BandHorizonMs);
        var floor = EwmaFitter.ScaleFloor(final.FinalLevel + (profile?.Slots.Where(double.IsFinite).DefaultIfEmpty(0).Average() ?? 0));
        var band = BandCalibration.Calibrate(errors.Errors, usable, timestampsMs, localSeconds, options, profile is null ? 1 : 24, floor)
            .WithHorizon(timestampsMs.IsEmpty ? 0 : timestampsMs[^1], aheadDiffers
                ? HorizonWidening.Calibrate(timestampsMs, ahead.AsSpan(0, n), errors.Errors, LevelTracker.Track(timestampsMs, ahead.AsSpan(0, n), halfLifeMs, shiftMs, EwmaFitter.BandHorizonMs).Levels)
                : HorizonWidening.Calibrate(timestampsMs, profile is null ? residuals : looResiduals, errors.Errors, errors.Levels));
        if (ahead is not null)
        {
            ArrayPool<double>.Shared.Return(ahead);
        }

        return new SeasonalBaselineModel(options, options.TimeZone, profile, trend, final.FinalLevel, band);
    }

    /// <summary>
    /// Which days share a profile given the history: each day of the week from three weeks on, weekdays and
    /// weekends from one week, all days alike from two days; null (no cycle) below that or for data sampled
    /// every six hours or more.
    /// </summary>
    public static DayGrouping? Grouping(ReadOnlySpan<long> timestampsMs, double stepMs)
    {
        var n = timestampsMs.Length;
        var covered = n == 0 ? 0 : timestampsMs[n - 1] - timestampsMs[0] + stepMs;
        if (stepMs >= 6 * 3600e3)
        {
            return null;
        }

        return covered >= 21 * 86400e3 ? DayGrouping.DayOfWeek
            : covered >= 7 * 86400e3 ? DayGrouping.WeekdayWeekend
            : covered >= 2 * 86400e3 ? DayGrouping.AllDays
            : null;
    }

    /// <summary>
    /// The robust trend of <paramref name="usable"/> (NaN skipped) and the profile of the detrended values: slots
    /// of five minutes (never finer than the data), ±15 minutes pooled; the trend is 0 at <paramref name="anchorMs"/>. <paramref name="leaveOneDayOut"/> receives
    /// each point's leave-one-day-out profile value, and <paramref name="sparseLeaveOneDayOut"/> the one for forecasts
    /// ahead (see <see cref="SeasonalProfile.Build"/>; empty: not wanted).
    /// </summary>
    public static (SeasonalProfile Profile, BaselineTrend Trend) BuildStructure(ReadOnlySpan<double> usable, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> localSeconds, DayGrouping grouping, double stepMs, long[] holidayDays, long anchorMs, Span<double> leaveOneDayOut, Span<double> sparseLeaveOneDayOut = default)
    {
        var slotSeconds = Math.Max(stepMs / 1000, 300);
        var slotsPerDay = (int)Math.Max(4, Math.Round(86400 / slotSeconds));
        var halfWindow = (int)Math.Round(HalfWindowSeconds / (86400.0 / slotsPerDay));
        var categories = new SeasonalProfile(grouping, slotsPerDay, [], holidayDays);
        var trend = BaselineTrend.Estimate(usable, localSeconds, anchorMs, categories.Category);
        var detrended = ArrayPool<double>.Shared.Rent(usable.Length);
        for (var i = 0; i < usable.Length; i++)
        {
            detrended[i] = usable[i] - trend.At(timestampsMs[i]);
        }

        var profile = SeasonalProfile.Build(detrended.AsSpan(0, usable.Length), localSeconds, grouping, slotsPerDay, halfWindow, holidayDays, leaveOneDayOut, sparseLeaveOneDayOut);
        ArrayPool<double>.Shared.Return(detrended);
        return (profile, trend);
    }

    /// <summary>
    /// Past working days that behaved like a holiday: whole local days (at least 90 % observed, and over before the
    /// last point, so today is never re-labelled while it may be an outage) that count as working days, whose values
    /// sit closer to the Sunday profile than to their own day's (<see cref="HolidayLikeRatio"/>), and far
    /// from their own (mean absolute error above three times the median day's). Modelled as holidays, they no longer
    /// drag the working-day profile nor widen the band with a day of large errors; declared holidays are already
    /// Sundays and stay so. Empty without a weekday/weekend split. <paramref name="profileAt"/>: <paramref name="profile"/> at each point.
    /// </summary>
    internal static long[] HolidayLikeDays(ReadOnlySpan<double> usable, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> localSeconds, double stepMs, SeasonalProfile profile, BaselineTrend trend, ReadOnlySpan<double> profileAt)
    {
        if (profile.Grouping == DayGrouping.AllDays || usable.Length == 0)
        {
            return [];
        }

        var pointsPerDay = 86400e3 / stepMs;
        var lastDay = (long)Math.Floor(localSeconds[^1] / 86400.0);
        var days = new List<(long Day, double Own, double AsHoliday, int Count)>();
        var (day, own, asHoliday, count) = (long.MinValue, 0.0, 0.0, 0);
        var sundayAt = ArrayPool<double>.Shared.Rent(usable.Length);
        var isSunday = false;
        for (var i = 0; i <= usable.Length; i++)
        {
            var d = i < usable.Length ? (long)Math.Floor(localSeconds[i] / 86400.0) : long.MaxValue;
            if (d != day)
            {
                if (count > 0)
                {
                    days.Add((day, own / count, asHoliday / count, count));
                }

                (day, own, asHoliday, count) = (d, 0, 0, 0);
                isSunday = d < lastDay && LocalClock.DayOfWeek(d) is not (0 or 6) && profile.Category(d) != profile.Category(SundayOf(d));
                if (isSunday)
                {
                    var end = i + 1;
                    while (end < usable.Length && (long)Math.Floor(localSeconds[end] / 86400.0) == d)
                    {
                        end++;
                    }

                    new SeasonalProfile(profile.Grouping, profile.SlotsPerDay, profile.Slots, [d]).At(localSeconds[i..end], sundayAt.AsSpan(i, end - i));
                }
            }

            if (i == usable.Length || !isSunday || double.IsNaN(usable[i]))
            {
                continue;
            }

            var y = usable[i] - trend.At(timestampsMs[i]);
            own += Math.Abs(y - profileAt[i]);
            asHoliday += Math.Abs(y - sundayAt[i]);
            count++;
        }

        ArrayPool<double>.Shared.Return(sundayAt);
        if (days.Count < 3)
        {
            return [];
        }

        var typical = RobustStats.Median(days.Select(x => x.Own).ToArray());
        return [.. days.Where(x => x.Count >= 0.9 * pointsPerDay && x.Own > 3 * typical && x.AsHoliday * HolidayLikeRatio < x.Own).Select(x => x.Day)];
    }

    /// <summary>
    /// A holiday-like day's errors against its own profile must be this many times those against the Sunday profile:
    /// 1, closer to a Sunday than to its own day. (It was 2 until 2026-12-03; a holiday lower than a Sunday, as the
    /// quickstart's is, then stayed a working day, whose profile misses it by 1.7 times as much.)
    /// </summary>
    private const double HolidayLikeRatio = 1.0;

    private static long SundayOf(long localDay) => localDay - LocalClock.DayOfWeek(localDay);

    /// <summary>Local day numbers of the configured holidays and country calendars around the history.</summary>
    public static long[] HolidayDays(ModelOptions options, ReadOnlySpan<long> timestampsMs)
    {
        if (timestampsMs.IsEmpty || (options.Holidays.Count == 0 && options.HolidayCountries.Count == 0))
        {
            return [];
        }

        var days = new SortedSet<long>();
        foreach (var h in options.Holidays)
        {
            foreach (var d in h.Dates)
            {
                days.Add(d.DayNumber - EpochDayNumber);
            }
        }

        var from = DateTimeOffset.FromUnixTimeMilliseconds(timestampsMs[0]).Year - 1;
        var to = DateTimeOffset.FromUnixTimeMilliseconds(timestampsMs[^1]).Year + 1;
        foreach (var country in options.HolidayCountries)
        {
            foreach (var d in HolidayCalendars.Dates(country, from, to))
            {
                days.Add(d.DayNumber - EpochDayNumber);
            }
        }

        return [.. days];
    }

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;
}
