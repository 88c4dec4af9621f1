using Sidecar.Models;

namespace Sidecar.Config;

/// <summary>
/// The keys of a <c>model:</c> section: snake_case of the <see cref="ModelOptions"/> property names (<c>type</c> for
/// <see cref="ModelOptions.Kind"/>). Adding a model option is one line here.
/// </summary>
internal static class ModelKeys
{
    public static IReadOnlyList<ModelKey> All { get; } =
    [
        ModelKey.Option<ModelKind>("type", Scalars.Enum, (o, v) => o with { Kind = v }),
        ModelKey.Option<double>("interval_width", ModelValues.OpenUnitInterval, (o, v) => o with { IntervalWidth = v }),
        ModelKey.Option<DetectionDirection>("detection_direction", Scalars.Enum, (o, v) => o with { DetectionDirection = v }),
        ModelKey.Option<double>("min_dev_from_expected", ModelValues.NonNegative, (o, v) => o with { MinDevFromExpected = v }),
        ModelKey.Option<double>("min_rel_dev_from_expected", ModelValues.NonNegative, (o, v) => o with { MinRelDevFromExpected = v }),
        ModelKey.Option<string>("time_zone", ModelValues.TimeZone, (o, v) => o with { TimeZone = v }),
        ModelKey.Option<Growth>("growth", Scalars.Enum, (o, v) => o with { Growth = v }),
        ModelKey.Option<int>("n_changepoints", ModelValues.NonNegativeInt, (o, v) => o with { NChangepoints = v }),
        ModelKey.Option<double>("changepoint_range", ModelValues.UnitIntervalOpenBelow, (o, v) => o with { ChangepointRange = v }),
        ModelKey.Option<double>("changepoint_prior_scale", ModelValues.Positive, (o, v) => o with { ChangepointPriorScale = v }),
        ModelKey.Option<SeasonalityMode>("seasonality_mode", Scalars.Enum, (o, v) => o with { SeasonalityMode = v }),
        ModelKey.Option<double>("seasonality_prior_scale", ModelValues.Positive, (o, v) => o with { SeasonalityPriorScale = v }),
        ModelKey.Option<double>("holidays_prior_scale", ModelValues.Positive, (o, v) => o with { HolidaysPriorScale = v }),
        ModelKey.Option<int?>("daily_seasonality", ModelValues.FourierOrder(4), (o, v) => o with { DailySeasonality = v }),
        ModelKey.Option<int?>("weekly_seasonality", ModelValues.FourierOrder(3), (o, v) => o with { WeeklySeasonality = v }),
        ModelKey.Option<IReadOnlyList<SeasonalityOptions>>("seasonalities", ModelValues.Seasonalities, (o, v) => o with { Seasonalities = v }),
        ModelKey.Option<IReadOnlyList<HolidayOptions>>("holidays", ModelValues.Holidays, (o, v) => o with { Holidays = v }),
        ModelKey.Option<IReadOnlyList<TimeRange>>("exclude", ModelValues.Exclude, (o, v) => o with { Exclude = v }),
        ModelKey.Setting<IReadOnlyList<string>>("holiday_calendars", ModelValues.HolidayCalendars, (s, v) => s with { HolidayCalendars = v }),
    ];

    /// <summary>The key names, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(k => k.Name).ToArray();

    /// <summary>The key named <paramref name="name"/>, or null.</summary>
    public static ModelKey? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
