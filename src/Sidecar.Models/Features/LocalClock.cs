namespace Sidecar.Models.Features;

/// <summary>
/// Converts unix milliseconds to local wall-clock seconds in an IANA time zone, honouring daylight saving:
/// a peak at 09:00 local maps to the same seasonal phase in winter and summer. Offsets are cached per
/// 15-minute bucket (every zone today changes offset on a quarter hour), so sorted inputs cost one
/// <see cref="TimeZoneInfo"/> lookup per bucket. Not thread-safe (the cache); create one per fit.
/// </summary>
internal sealed class LocalClock
{
    private const long BucketMs = 15 * 60 * 1000;
    private readonly TimeZoneInfo? _zone;
    private long _bucket = long.MinValue;
    private long _offsetMs;

    private LocalClock(TimeZoneInfo? zone) => _zone = zone;

    /// <summary>Seconds in a day.</summary>
    public const double SecondsPerDay = 86400.0;

    /// <summary>Clock for <paramref name="timeZone"/> (IANA id, e.g. <c>Europe/Berlin</c>; <c>UTC</c> is fastest).</summary>
    /// <exception cref="ArgumentException">The zone is unknown on this system.</exception>
    public static LocalClock For(string timeZone)
    {
        if (string.IsNullOrEmpty(timeZone) || timeZone is "UTC" or "Etc/UTC" or "utc")
        {
            return new LocalClock(null);
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            return new LocalClock(zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? null : zone);
        }
        // SecurityException: an id that names a folder of zones ("US/", "America") or a file that cannot be read.
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException)
        {
            throw new ArgumentException($"unknown time zone \"{timeZone}\" (expected an IANA id such as Europe/Berlin)", nameof(timeZone), e);
        }
    }

    /// <summary>Local wall-clock time as seconds since 1970-01-01T00:00 local.</summary>
    public double LocalSeconds(long timestampMs) => (timestampMs + OffsetMs(timestampMs)) / 1000.0;

    /// <summary>Local day number (days since 1970-01-01 local), i.e. the local calendar date.</summary>
    public long LocalDay(long timestampMs) => FloorDiv(timestampMs + OffsetMs(timestampMs), 86_400_000L);

    /// <summary>UTC offset in milliseconds at <paramref name="timestampMs"/>.</summary>
    public long OffsetMs(long timestampMs)
    {
        if (_zone is null)
        {
            return 0;
        }

        var bucket = FloorDiv(timestampMs, BucketMs);
        if (bucket != _bucket)
        {
            _bucket = bucket;
            var start = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(bucket * BucketMs, -62135596800000L, 253402300799000L));
            _offsetMs = (long)_zone.GetUtcOffset(start).TotalMilliseconds;
        }

        return _offsetMs;
    }

    /// <summary>Day of week of a local day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).</summary>
    public static int DayOfWeek(long localDay) => (int)(((localDay + 4) % 7 + 7) % 7);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
