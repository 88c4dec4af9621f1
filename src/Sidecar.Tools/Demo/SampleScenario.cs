using Sidecar.Models;

namespace Sidecar.Tools.Demo;

/// <summary>
/// The calendar of one sample data set: the sample grid, the local time zone, and the three events a demo should
/// show — a public holiday on a weekday about a week ago, a one-hour outage on a weekday a few days ago, and an
/// anomaly that started 15 minutes before the end and is still going on. Immutable; derived from
/// <see cref="SampleDataOptions"/> alone, so the same options give the same scenario.
/// </summary>
public sealed record SampleScenario
{
    /// <summary>Route whose traffic breaks during the anomaly (successes drop, 500s rise).</summary>
    public const string AnomalyRoute = "/api/v1/messages";

    /// <summary>
    /// How long before the end the anomaly starts by default (<see cref="SampleDataOptions.AnomalyLead"/>). Shorter than the 30 minutes after which the models accept a lasting
    /// deviation as a level shift (model.level_shift), with room for a backfill and a first fit: a sidecar started
    /// on fresh sample data still sees it as an anomaly.
    /// </summary>
    public static readonly TimeSpan AnomalyLength = TimeSpan.FromMinutes(15);

    /// <summary>How long the outage lasts.</summary>
    public static readonly TimeSpan OutageLength = TimeSpan.FromHours(1);

    private static readonly TimeOnly OutageLocalStart = new(14, 10);

    /// <summary>Timestamp of the first sample, unix seconds.</summary>
    public required long StartSeconds { get; init; }

    /// <summary>Timestamp of the last sample, unix seconds: the end option rounded down to the interval.</summary>
    public required long EndSeconds { get; init; }

    /// <summary>Spacing of samples, seconds.</summary>
    public required int IntervalSeconds { get; init; }

    /// <summary>Local time zone of the users.</summary>
    public required TimeZoneInfo Zone { get; init; }

    /// <summary>Local date of the public holiday, or null when the history is too short to hold it.</summary>
    public DateOnly? Holiday { get; init; }

    /// <summary>The outage, unix milliseconds, or null when the history is too short to hold it.</summary>
    public TimeRange? Outage { get; init; }

    /// <summary>
    /// The anomaly, unix milliseconds: from <see cref="SampleDataOptions.AnomalyLead"/> before the end to one interval after the
    /// last sample (it is still going on when the data ends).
    /// </summary>
    public required TimeRange Anomaly { get; init; }

    /// <summary>Number of samples per series.</summary>
    public long SampleCount => ((EndSeconds - StartSeconds) / IntervalSeconds) + 1;

    /// <summary>Derives the scenario from valid options.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static SampleScenario Create(SampleDataOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var interval = (int)options.Interval.TotalSeconds;
        var end = options.End.ToUnixTimeSeconds() / interval * interval;
        var start = end - ((long)options.Days * 86_400) + interval;
        var endMs = end * 1000;
        var anomalyStartMs = endMs - (long)options.AnomalyLead.TotalMilliseconds;

        var endDate = LocalDate(end, zone);
        var outageDay = LatestWeekdayOnOrBefore(endDate.AddDays(-3));
        var outageStartMs = ToUnixMs(outageDay, OutageLocalStart, zone);
        var outageEndMs = outageStartMs + (long)OutageLength.TotalMilliseconds;
        TimeRange? outage = outageStartMs >= start * 1000 && outageEndMs <= anomalyStartMs
            ? new TimeRange(outageStartMs, outageEndMs)
            : null;

        var holiday = LatestWeekdayOnOrBefore(endDate.AddDays(-7));
        DateOnly? holidayInRange = ToUnixMs(holiday, TimeOnly.MinValue, zone) >= start * 1000 ? holiday : null;

        return new SampleScenario
        {
            StartSeconds = start,
            EndSeconds = end,
            IntervalSeconds = interval,
            Zone = zone,
            Holiday = holidayInRange,
            Outage = outage,
            Anomaly = new TimeRange(anomalyStartMs, endMs + (interval * 1000L)),
        };
    }

    /// <summary>The kind of the local calendar day <paramref name="date"/>.</summary>
    public DayKind KindOf(DateOnly date) =>
        date == Holiday ? DayKind.Holiday
        : date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend
        : DayKind.Weekday;

    /// <summary>The local date and time of <paramref name="unixSeconds"/> in <see cref="Zone"/>.</summary>
    public DateTime LocalTime(long unixSeconds) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), Zone).DateTime;

    private static DateOnly LocalDate(long unixSeconds, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone).DateTime);

    private static DateOnly LatestWeekdayOnOrBefore(DateOnly date)
    {
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    private static long ToUnixMs(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
    }
}
