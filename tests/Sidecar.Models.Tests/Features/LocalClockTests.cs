using Sidecar.Models.Features;

namespace Sidecar.Models.Tests.Features;

public sealed class LocalClockTests
{
    [Theory]
    [InlineData("2024-03-31T00:59:00Z", 60)]  // 01:59 CET
    [InlineData("2024-03-31T01:00:00Z", 120)] // 03:00 CEST
    [InlineData("2024-10-27T00:59:00Z", 120)]
    [InlineData("2024-10-27T01:00:00Z", 60)]
    public void OffsetMs_EuropeBerlin_FollowsDaylightSaving(string utc, int minutes)
    {
        var clock = LocalClock.For("Europe/Berlin");

        Assert.Equal(minutes * 60_000L, clock.OffsetMs(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void LocalSeconds_Utc_IsUnixSeconds()
    {
        Assert.Equal(1_704_067_200.5, LocalClock.For("UTC").LocalSeconds(1_704_067_200_500));
    }

    [Fact]
    public void For_UnknownZone_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => LocalClock.For("Mars/Olympus_Mons"));

        Assert.Contains("Mars/Olympus_Mons", e.Message);
    }

    [Theory]
    [InlineData("US/")]
    [InlineData("America")]
    public void For_FolderOfZones_ThrowsArgumentException(string zone)
    {
        // Found by the model-codec fuzz target: FindSystemTimeZoneById throws SecurityException for a folder.
        var e = Assert.Throws<ArgumentException>(() => LocalClock.For(zone));

        Assert.Contains(zone, e.Message);
    }

    [Theory]
    [InlineData(0, 4)]      // 1970-01-01 was a Thursday
    [InlineData(19723, 1)]  // 2024-01-01, a Monday
    [InlineData(-1, 3)]
    public void DayOfWeek_LocalDayNumber_SundayIsZero(long day, int expected)
    {
        Assert.Equal(expected, LocalClock.DayOfWeek(day));
    }
}
