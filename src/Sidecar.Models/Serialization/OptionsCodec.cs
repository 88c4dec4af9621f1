namespace Sidecar.Models.Serialization;

/// <summary>
/// Writes and reads <see cref="ModelOptions"/> by name (model format 2 on): one named field per property, keyed by
/// the snake_case of its name, enums by member name. A name this build does not know is skipped and a missing one
/// takes the <see cref="ModelOptions"/> default, so adding an option never invalidates a saved model. Rename a key
/// only by reading the old name as well.
/// </summary>
internal static class OptionsCodec
{
    private static readonly ModelOptions Defaults = new();

    public static void Write(FieldWriter w, ModelOptions o) => w.Record(f =>
    {
        f.EnumField("kind", o.Kind);
        f.DoubleField("interval_width", o.IntervalWidth);
        f.EnumField("detection_direction", o.DetectionDirection);
        f.DoubleField("min_dev_from_expected", o.MinDevFromExpected);
        f.DoubleField("min_rel_dev_from_expected", o.MinRelDevFromExpected);
        f.StringField("time_zone", o.TimeZone);
        f.EnumField("growth", o.Growth);
        f.IntField("n_changepoints", o.NChangepoints);
        f.DoubleField("changepoint_range", o.ChangepointRange);
        f.DoubleField("changepoint_prior_scale", o.ChangepointPriorScale);
        f.EnumField("seasonality_mode", o.SeasonalityMode);
        f.DoubleField("seasonality_prior_scale", o.SeasonalityPriorScale);
        f.DoubleField("holidays_prior_scale", o.HolidaysPriorScale);
        f.NullableIntField("daily_seasonality", o.DailySeasonality);
        f.NullableIntField("weekly_seasonality", o.WeeklySeasonality);
        f.RecordsField("seasonalities", o.Seasonalities, static (s, x) =>
        {
            s.StringField("name", x.Name);
            s.DoubleField("period_seconds", x.PeriodSeconds);
            s.IntField("fourier_order", x.FourierOrder);
            s.DoubleField("prior_scale", x.PriorScale);
            s.EnumField("condition", x.Condition);
        });
        f.RecordsField("holidays", o.Holidays, static (h, x) =>
        {
            h.StringField("name", x.Name);
            h.LongsField("dates", x.Dates.Select(d => (long)d.DayNumber).ToArray());
            h.IntField("lower_window", x.LowerWindow);
            h.IntField("upper_window", x.UpperWindow);
            h.DoubleField("prior_scale", x.PriorScale);
        });
        f.RecordsField("exclude", o.Exclude, static (e, x) =>
        {
            e.LongField("start_ms", x.StartMs);
            e.LongField("end_ms", x.EndMs);
        });
        f.RecordsField("expected", o.Expected, static (e, x) =>
        {
            e.LongField("start_ms", x.StartMs);
            e.LongField("end_ms", x.EndMs);
        });
        f.StringsField("holiday_countries", o.HolidayCountries);
        f.DoubleField("ewma_half_life_seconds", o.EwmaHalfLifeSeconds);
        f.DoubleField("level_shift_seconds", o.LevelShiftSeconds);
        f.DoubleField("sustained_window_seconds", o.SustainedWindowSeconds);
    });

    public static ModelOptions Read(ref FieldReader r)
    {
        var f = r.Record();
        var d = Defaults;
        return new ModelOptions
        {
            Kind = f.Enum("kind", d.Kind),
            IntervalWidth = f.Double("interval_width", d.IntervalWidth),
            DetectionDirection = f.Enum("detection_direction", d.DetectionDirection),
            MinDevFromExpected = f.Double("min_dev_from_expected", d.MinDevFromExpected),
            MinRelDevFromExpected = f.Double("min_rel_dev_from_expected", d.MinRelDevFromExpected),
            TimeZone = f.String("time_zone", d.TimeZone),
            Growth = f.Enum("growth", d.Growth),
            NChangepoints = f.Int("n_changepoints", d.NChangepoints),
            ChangepointRange = f.Double("changepoint_range", d.ChangepointRange),
            ChangepointPriorScale = f.Double("changepoint_prior_scale", d.ChangepointPriorScale),
            SeasonalityMode = f.Enum("seasonality_mode", d.SeasonalityMode),
            SeasonalityPriorScale = f.Double("seasonality_prior_scale", d.SeasonalityPriorScale),
            HolidaysPriorScale = f.Double("holidays_prior_scale", d.HolidaysPriorScale),
            DailySeasonality = f.NullableInt("daily_seasonality", d.DailySeasonality),
            WeeklySeasonality = f.NullableInt("weekly_seasonality", d.WeeklySeasonality),
            Seasonalities = f.Records("seasonalities").Select(ReadSeasonality).ToArray(),
            Holidays = f.Records("holidays").Select(ReadHoliday).ToArray(),
            Exclude = f.Records("exclude").Select(e => new TimeRange(e.Long("start_ms"), e.Long("end_ms"))).ToArray(),
            Expected = f.Records("expected").Select(e => new TimeRange(e.Long("start_ms"), e.Long("end_ms"))).ToArray(),
            HolidayCountries = f.Strings("holiday_countries", []),
            EwmaHalfLifeSeconds = f.Double("ewma_half_life_seconds", d.EwmaHalfLifeSeconds),
            LevelShiftSeconds = f.Double("level_shift_seconds", d.LevelShiftSeconds),
            SustainedWindowSeconds = f.Double("sustained_window_seconds", d.SustainedWindowSeconds),
        };
    }

    private static SeasonalityOptions ReadSeasonality(FieldSet s)
    {
        var defaults = new SeasonalityOptions("", 0, 0);
        return new SeasonalityOptions(
            s.String("name"),
            s.Double("period_seconds"),
            s.Int("fourier_order"),
            s.Double("prior_scale", defaults.PriorScale),
            s.Enum("condition", defaults.Condition));
    }

    private static HolidayOptions ReadHoliday(FieldSet h)
    {
        var defaults = new HolidayOptions("", []);
        var days = h.Longs("dates", []);
        var dates = new DateOnly[days.Length];
        for (var i = 0; i < days.Length; i++)
        {
            if (days[i] < DateOnly.MinValue.DayNumber || days[i] > DateOnly.MaxValue.DayNumber)
            {
                throw new ModelFormatException($"holiday day number {days[i]} out of range");
            }

            dates[i] = DateOnly.FromDayNumber((int)days[i]);
        }

        return new HolidayOptions(
            h.String("name"),
            dates,
            h.Int("lower_window", defaults.LowerWindow),
            h.Int("upper_window", defaults.UpperWindow),
            h.Double("prior_scale", defaults.PriorScale));
    }
}
