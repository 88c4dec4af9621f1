namespace Sidecar.Tools.Demo;

/// <summary>
/// What <c>sidecar sample-data</c> generates: how much history, how many series, at which scrape interval, from
/// which seed. Immutable. The same options always produce the same bytes.
/// </summary>
public sealed record SampleDataOptions
{
    /// <summary>Largest number of series one run generates (benchmarks use 1,000).</summary>
    public const int MaxSeries = 100_000;

    /// <summary>Time of the last possible sample; no sample is ever written after it.</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>Length of the history, in days.</summary>
    public int Days { get; init; } = 14;

    /// <summary>
    /// Total number of series: a few <c>queue_depth</c> gauges (one per worker, about one in fifteen) and the rest
    /// <c>http_requests_total</c> counters. At least 2.
    /// </summary>
    public int Series { get; init; } = 30;

    /// <summary>Spacing between samples of one series (the scrape interval), a whole number of seconds.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Seed of every random draw (noise, per-instance sizes).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>IANA time zone of the users: daily cycles, weekends and the holiday follow its local time.</summary>
    public string TimeZone { get; init; } = "Europe/Berlin";

    /// <summary>
    /// How long before <see cref="End"/> the anomaly starts (it then goes on, live too): by default
    /// <see cref="SampleScenario.AnomalyLength"/>. Shorter puts the start of the drop in the recent past, so that a test
    /// watches the sidecar catch it as it happens. Between one interval and the length of the history.
    /// </summary>
    public TimeSpan AnomalyLead { get; init; } = SampleScenario.AnomalyLength;

    /// <summary>Checks every option and returns all problems at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Days is < 1 or > 400)
        {
            problems.Add($"days must be between 1 and 400, got {Days}");
        }

        if (Series is < 2 or > MaxSeries)
        {
            problems.Add($"series must be between 2 and {MaxSeries}, got {Series}");
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromHours(1) || Interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add($"interval must be a whole number of seconds between 1s and 1h, got {Interval}");
        }

        // Against a valid history only: a wrong days value is reported once, above.
        if (Days is >= 1 and <= 400 && (AnomalyLead < Interval || AnomalyLead > TimeSpan.FromDays(Days)))
        {
            problems.Add($"anomaly lead must be between the interval ({Interval}) and the history's {Days} days, got {AnomalyLead}");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            problems.Add($"unknown time zone \"{TimeZone}\" (an IANA name such as Europe/Berlin is expected)");
        }

        return problems;
    }
}
