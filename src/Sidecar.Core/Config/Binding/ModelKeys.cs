using Sidecar.Models;

namespace Sidecar.Config.Binding;

/// <summary>
/// The keys of a <c>model:</c> section: snake_case of the <see cref="ModelOptions"/> property names, except
/// <c>type</c> for <see cref="ModelOptions.Kind"/>, <c>holiday_calendars</c> for
/// <see cref="ModelOptions.HolidayCountries"/>, and durations written as durations without the <c>Seconds</c>
/// suffix (<c>ewma_half_life: 1h</c>). The command line's <c>--set</c> and <c>--grid</c> read through it too
/// (<see cref="ModelKeyText"/>). Adding a model option is one line here.
/// </summary>
internal static class ModelKeys
{
    public static IReadOnlyList<ModelKey> All { get; } =
    [
        ModelKey.Of<ModelKind>("type", nameof(ModelOptions.Kind), Scalars.Enum, (o, v) => o with { Kind = v }),
        ModelKey.Of<double>("interval_width", nameof(ModelOptions.IntervalWidth), ModelValues.OpenUnitInterval, (o, v) => o with { IntervalWidth = v }),
        ModelKey.Of<DetectionDirection>("detection_direction", nameof(ModelOptions.DetectionDirection), Scalars.Enum, (o, v) => o with { DetectionDirection = v }),
        ModelKey.Of<double>("min_dev_from_expected", nameof(ModelOptions.MinDevFromExpected), ModelValues.NonNegative, (o, v) => o with { MinDevFromExpected = v }),
        ModelKey.Of<double>("min_rel_dev_from_expected", nameof(ModelOptions.MinRelDevFromExpected), ModelValues.NonNegative, (o, v) => o with { MinRelDevFromExpected = v }),
        ModelKey.Of<string>("time_zone", nameof(ModelOptions.TimeZone), ModelValues.TimeZone, (o, v) => o with { TimeZone = v }),
        ModelKey.Of<Growth>("growth", nameof(ModelOptions.Growth), Scalars.Enum, (o, v) => o with { Growth = v }),
        ModelKey.Of<int>("n_changepoints", nameof(ModelOptions.NChangepoints), ModelValues.Changepoints, (o, v) => o with { NChangepoints = v }),
        ModelKey.Of<double>("changepoint_range", nameof(ModelOptions.ChangepointRange), ModelValues.UnitIntervalOpenBelow, (o, v) => o with { ChangepointRange = v }),
        ModelKey.Of<double>("changepoint_prior_scale", nameof(ModelOptions.ChangepointPriorScale), ModelValues.Positive, (o, v) => o with { ChangepointPriorScale = v }),
        ModelKey.Of<SeasonalityMode>("seasonality_mode", nameof(ModelOptions.SeasonalityMode), Scalars.Enum, (o, v) => o with { SeasonalityMode = v }),
        ModelKey.Of<double>("seasonality_prior_scale", nameof(ModelOptions.SeasonalityPriorScale), ModelValues.Positive, (o, v) => o with { SeasonalityPriorScale = v }),
        ModelKey.Of<double>("holidays_prior_scale", nameof(ModelOptions.HolidaysPriorScale), ModelValues.Positive, (o, v) => o with { HolidaysPriorScale = v }),
        ModelKey.Of<int?>("daily_seasonality", nameof(ModelOptions.DailySeasonality), ModelValues.FourierOrder(4), (o, v) => o with { DailySeasonality = v }),
        ModelKey.Of<int?>("weekly_seasonality", nameof(ModelOptions.WeeklySeasonality), ModelValues.FourierOrder(3), (o, v) => o with { WeeklySeasonality = v }),
        ModelKey.Of<IReadOnlyList<SeasonalityOptions>>("seasonalities", nameof(ModelOptions.Seasonalities), ModelListValues.Seasonalities, (o, v) => o with { Seasonalities = v }),
        ModelKey.Of<IReadOnlyList<HolidayOptions>>("holidays", nameof(ModelOptions.Holidays), ModelListValues.Holidays, (o, v) => o with { Holidays = v }),
        ModelKey.Of<IReadOnlyList<TimeRange>>("exclude", nameof(ModelOptions.Exclude), ModelListValues.Exclude, (o, v) => o with { Exclude = v }),
        ModelKey.Of<IReadOnlyList<TimeRange>>("expected", nameof(ModelOptions.Expected), ModelListValues.Exclude, (o, v) => o with { Expected = v }),
        ModelKey.Of<IReadOnlyList<string>>("holiday_calendars", nameof(ModelOptions.HolidayCountries), ModelListValues.HolidayCountries, (o, v) => o with { HolidayCountries = v }),
        ModelKey.Of<TimeSpan>("ewma_half_life", nameof(ModelOptions.EwmaHalfLifeSeconds), Scalars.Duration, (o, v) => o with { EwmaHalfLifeSeconds = v.TotalSeconds }),
        ModelKey.Of<TimeSpan>("level_shift", nameof(ModelOptions.LevelShiftSeconds), Scalars.Duration, (o, v) => o with { LevelShiftSeconds = v.TotalSeconds }),
        ModelKey.Of<TimeSpan>("sustained_window", nameof(ModelOptions.SustainedWindowSeconds), Scalars.Duration, (o, v) => o with { SustainedWindowSeconds = v.TotalSeconds }),
    ];

    /// <summary>The key names, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(k => k.Name).ToArray();

    /// <summary>The key named <paramref name="name"/>, or null.</summary>
    public static ModelKey? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
