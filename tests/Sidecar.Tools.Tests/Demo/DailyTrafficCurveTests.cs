using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Demo;

public sealed class DailyTrafficCurveTests
{
    [Theory]
    [InlineData(DayKind.Weekday)]
    [InlineData(DayKind.Weekend)]
    [InlineData(DayKind.Holiday)]
    public void Load_NoonVersusFourInTheMorning_NoonAtLeastTwiceAsBusy(DayKind kind)
    {
        Assert.True(DailyTrafficCurve.Load(12.5, kind) > 2 * DailyTrafficCurve.Load(4.0, kind));
    }

    [Fact]
    public void Load_WeekdayDaytime_BusierThanWeekendAndHoliday()
    {
        for (var hour = 9.0; hour <= 16.0; hour += 0.5)
        {
            var weekday = DailyTrafficCurve.Load(hour, DayKind.Weekday);
            Assert.True(weekday > DailyTrafficCurve.Load(hour, DayKind.Weekend), $"hour {hour}");
            Assert.True(DailyTrafficCurve.Load(hour, DayKind.Weekend) > DailyTrafficCurve.Load(hour, DayKind.Holiday), $"hour {hour}");
        }
    }

    [Theory]
    [InlineData(DayKind.Weekday, DayKind.Weekend)]
    [InlineData(DayKind.Weekend, DayKind.Weekday)]
    [InlineData(DayKind.Weekday, DayKind.Holiday)]
    [InlineData(DayKind.Holiday, DayKind.Weekday)]
    public void Load_AcrossMidnight_DoesNotJump(DayKind before, DayKind after)
    {
        var lastMinute = DailyTrafficCurve.Load(24.0 - (1.0 / 60), before, before, after);
        var firstMinute = DailyTrafficCurve.Load(0.0, before, after, after);

        Assert.InRange(firstMinute - lastMinute, -0.01, 0.01);
    }

    [Fact]
    public void Load_AwayFromMidnight_IgnoresNeighbouringDays()
    {
        Assert.Equal(
            DailyTrafficCurve.Load(13.0, DayKind.Weekday),
            DailyTrafficCurve.Load(13.0, DayKind.Weekend, DayKind.Weekday, DayKind.Holiday));
    }
}
