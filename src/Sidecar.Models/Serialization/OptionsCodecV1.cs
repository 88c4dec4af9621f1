namespace Sidecar.Models.Serialization;

/// <summary>
/// Reads the options of model format 1, which listed every field of <see cref="ModelOptions"/> by position (as of
/// commit 3a4a128). Frozen: never change it; new options go to <see cref="OptionsCodec"/> only.
/// </summary>
internal static class OptionsCodecV1
{
    public static ModelOptions Read(ref FieldReader r)
    {
        var o = new ModelOptions
        {
            Kind = r.Enum<ModelKind>(),
            IntervalWidth = r.Double(),
            DetectionDirection = r.Enum<DetectionDirection>(),
            MinDevFromExpected = r.Double(),
            MinRelDevFromExpected = r.Double(),
            TimeZone = r.String(),
            Growth = r.Enum<Growth>(),
            NChangepoints = r.Int(),
            ChangepointRange = r.Double(),
            ChangepointPriorScale = r.Double(),
            SeasonalityMode = r.Enum<SeasonalityMode>(),
            SeasonalityPriorScale = r.Double(),
            HolidaysPriorScale = r.Double(),
            DailySeasonality = NullableInt(ref r),
            WeeklySeasonality = NullableInt(ref r),
        };

        var seasonalities = new SeasonalityOptions[r.Count(29)];
        for (var i = 0; i < seasonalities.Length; i++)
        {
            seasonalities[i] = new SeasonalityOptions(r.String(), r.Double(), r.Int(), r.Double(), r.Enum<SeasonalityCondition>());
        }

        var holidays = new HolidayOptions[r.Count(24)];
        for (var i = 0; i < holidays.Length; i++)
        {
            var name = r.String();
            var dates = new DateOnly[r.Count(4)];
            for (var d = 0; d < dates.Length; d++)
            {
                var day = r.Int();
                if (day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber)
                {
                    throw new ModelFormatException($"holiday day number {day} out of range");
                }

                dates[d] = DateOnly.FromDayNumber(day);
            }

            holidays[i] = new HolidayOptions(name, dates, r.Int(), r.Int(), r.Double());
        }

        var exclude = new TimeRange[r.Count(16)];
        for (var i = 0; i < exclude.Length; i++)
        {
            exclude[i] = new TimeRange(r.Long(), r.Long());
        }

        var countries = new string[r.Count(4)];
        for (var i = 0; i < countries.Length; i++)
        {
            countries[i] = r.String();
        }

        return o with
        {
            Seasonalities = seasonalities,
            Holidays = holidays,
            Exclude = exclude,
            HolidayCountries = countries,
            EwmaHalfLifeSeconds = r.Double(),
            LevelShiftSeconds = r.Double(),
        };
    }

    private static int? NullableInt(ref FieldReader r)
    {
        var has = r.Bool();
        var value = r.Int();
        return has ? value : null;
    }
}
