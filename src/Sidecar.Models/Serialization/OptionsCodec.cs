namespace Sidecar.Models.Serialization;

/// <summary>Writes and reads every field of <see cref="ModelOptions"/> (a fitted model carries the options it was fitted with).</summary>
internal static class OptionsCodec
{
    public static void Write(ModelWriter w, ModelOptions o)
    {
        w.Byte((byte)o.Kind);
        w.Double(o.IntervalWidth);
        w.Byte((byte)o.DetectionDirection);
        w.Double(o.MinDevFromExpected);
        w.Double(o.MinRelDevFromExpected);
        w.String(o.TimeZone);
        w.Byte((byte)o.Growth);
        w.Int(o.NChangepoints);
        w.Double(o.ChangepointRange);
        w.Double(o.ChangepointPriorScale);
        w.Byte((byte)o.SeasonalityMode);
        w.Double(o.SeasonalityPriorScale);
        w.Double(o.HolidaysPriorScale);
        NullableInt(w, o.DailySeasonality);
        NullableInt(w, o.WeeklySeasonality);
        w.Int(o.Seasonalities.Count);
        foreach (var s in o.Seasonalities)
        {
            w.String(s.Name);
            w.Double(s.PeriodSeconds);
            w.Int(s.FourierOrder);
            w.Double(s.PriorScale);
            w.Byte((byte)s.Condition);
        }

        w.Int(o.Holidays.Count);
        foreach (var h in o.Holidays)
        {
            w.String(h.Name);
            w.Int(h.Dates.Count);
            foreach (var d in h.Dates)
            {
                w.Int(d.DayNumber);
            }

            w.Int(h.LowerWindow);
            w.Int(h.UpperWindow);
            w.Double(h.PriorScale);
        }

        w.Int(o.Exclude.Count);
        foreach (var e in o.Exclude)
        {
            w.Long(e.StartMs);
            w.Long(e.EndMs);
        }

        w.Int(o.HolidayCountries.Count);
        foreach (var c in o.HolidayCountries)
        {
            w.String(c);
        }

        w.Double(o.EwmaHalfLifeSeconds);
        w.Double(o.LevelShiftSeconds);
    }

    public static ModelOptions Read(ref ModelReader r)
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

    private static void NullableInt(ModelWriter w, int? value)
    {
        w.Bool(value.HasValue);
        w.Int(value ?? 0);
    }

    private static int? NullableInt(ref ModelReader r)
    {
        var has = r.Bool();
        var value = r.Int();
        return has ? value : null;
    }
}
