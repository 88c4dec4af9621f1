namespace Sidecar.Models;

/// <summary>
/// Everything that shapes a fit and its band. Immutable; the YAML <c>model:</c> section maps onto it key by key
/// (snake_case of the property name). Durations are in seconds, timestamps in unix milliseconds.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Model family (<c>type</c> in YAML).</summary>
    public ModelKind Kind { get; init; } = ModelKind.Auto;

    /// <summary>
    /// Probability mass of normal points the band should contain, in (0, 1). The default 0.9999 keeps the shipped
    /// rule <c>anomaly_score &gt; 1</c> to two or three normal points in a thousand on real data (NAB 0.20 %, AIOps KPI
    /// 0.30 % of normal rows; 0.99 flags 1.5 % and 1.7 %); see docs/quality.md for what each width costs.
    /// </summary>
    public double IntervalWidth { get; init; } = 0.9999;

    /// <summary>Which side of the band is scored.</summary>
    public DetectionDirection DetectionDirection { get; init; } = DetectionDirection.Both;

    /// <summary>Absolute deviation from <c>predicted</c> below which the score stays under 1.</summary>
    public double MinDevFromExpected { get; init; }

    /// <summary>Deviation as a fraction of |<c>predicted</c>| below which the score stays under 1.</summary>
    public double MinRelDevFromExpected { get; init; }

    /// <summary>IANA time zone in which seasonalities and holidays are computed (daylight saving honoured).</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Trend shape.</summary>
    public Growth Growth { get; init; } = Growth.Linear;

    /// <summary>Number of potential trend changepoints.</summary>
    public int NChangepoints { get; init; } = 25;

    /// <summary>Fraction of the history, from its start, in which changepoints are placed.</summary>
    public double ChangepointRange { get; init; } = 0.8;

    /// <summary>Sparsity of trend changes: smaller is stiffer.</summary>
    public double ChangepointPriorScale { get; init; } = 0.05;

    /// <summary>Additive or multiplicative seasonality.</summary>
    public SeasonalityMode SeasonalityMode { get; init; } = SeasonalityMode.Additive;

    /// <summary>Default prior scale of the built-in seasonalities.</summary>
    public double SeasonalityPriorScale { get; init; } = 10.0;

    /// <summary>Default prior scale of holidays.</summary>
    public double HolidaysPriorScale { get; init; } = 10.0;

    /// <summary>Fourier order of the built-in daily seasonality; 0 switches it off, null means automatic.</summary>
    public int? DailySeasonality { get; init; }

    /// <summary>Fourier order of the built-in weekly seasonality; 0 switches it off, null means automatic.</summary>
    public int? WeeklySeasonality { get; init; }

    /// <summary>Extra seasonalities (custom periods, conditional weekday/weekend ones).</summary>
    public IReadOnlyList<SeasonalityOptions> Seasonalities { get; init; } = [];

    /// <summary>Holidays with their dates, already expanded from any calendar.</summary>
    public IReadOnlyList<HolidayOptions> Holidays { get; init; } = [];

    /// <summary>Time ranges never used for fitting (past outages, maintenance).</summary>
    public IReadOnlyList<TimeRange> Exclude { get; init; } = [];

    /// <summary>
    /// Time ranges whose deviations are normal (a load test, a known batch job): kept in the fit, and the band
    /// widened on each side until it holds the largest deviation inside them (see <c>Band.Covering</c>). A point in
    /// both <see cref="Exclude"/> and here is excluded.
    /// </summary>
    public IReadOnlyList<TimeRange> Expected { get; init; } = [];

    /// <summary>
    /// Country codes (ISO 3166-1 alpha-2, e.g. <c>US</c>, <c>DE</c>, <c>KR</c>) whose public holidays are added
    /// as one holiday group per country (see <see cref="Features.HolidayCalendars"/>).
    /// </summary>
    public IReadOnlyList<string> HolidayCountries { get; init; } = [];

    /// <summary>
    /// Half-life in seconds of the robust local level every model tracks (the level itself for
    /// <see cref="ModelKind.Ewma"/>, the level of the residuals for the seasonal models): how fast predictions
    /// follow a slow drift. 0 switches the residual level off for the seasonal models. (YAML
    /// <c>ewma_half_life</c>; the name predates its use by every model.)
    /// </summary>
    public double EwmaHalfLifeSeconds { get; init; } = 3600;

    /// <summary>
    /// A deviation beyond the band's core lasting this many seconds on one side is accepted as a level shift at
    /// the next fit, so the score returns below 1 instead of staying high for days. 0 never accepts shifts
    /// faster than <see cref="EwmaHalfLifeSeconds"/> lets the level drift.
    /// </summary>
    public double LevelShiftSeconds { get; init; } = 1800;

    /// <summary>
    /// The window (seconds) of the sustained-deviation score: the mean of the signed point scores of the observed
    /// points in the last this many seconds, divided by the limit calibrated at the fit on the out-of-sample errors
    /// (<see cref="IFittedModel.SustainedLimits"/>). A drop held for the window that no single point takes out of the
    /// band still scores above 1. <c>anomaly_score</c> is the larger of the point score and this one. 0 scores points
    /// alone.
    /// </summary>
    public double SustainedWindowSeconds { get; init; } = 900;
}
