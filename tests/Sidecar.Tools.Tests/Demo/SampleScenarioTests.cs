using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Demo;

public sealed class SampleScenarioTests
{
    // A Wednesday afternoon, 37 seconds past a minute.
    private static readonly DateTimeOffset s_end = new(2025, 11, 26, 15, 42, 37, TimeSpan.Zero);

    [Fact]
    public void Create_EndBetweenGridPoints_LastSampleNotAfterEnd()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end });

        Assert.Equal(s_end.ToUnixTimeSeconds() - 37, scenario.EndSeconds);
        Assert.Equal(0, scenario.EndSeconds % 60);
    }

    [Fact]
    public void Create_FourteenDays_SpansExactlyFourteenDaysOfSamples()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end, Days = 14 });

        Assert.Equal(14 * 1440, scenario.SampleCount);
        Assert.Equal(14 * 86_400 - 60, scenario.EndSeconds - scenario.StartSeconds);
    }

    [Fact]
    public void Create_FourteenDays_HolidayIsAWeekdayAWeekOrMoreAgo()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end });

        var holiday = Assert.NotNull(scenario.Holiday);
        Assert.Equal(new DateOnly(2025, 11, 19), holiday);
        Assert.Equal(DayKind.Holiday, scenario.KindOf(holiday));
        Assert.Equal(DayKind.Weekday, scenario.KindOf(holiday.AddDays(-1)));
    }

    [Fact]
    public void Create_FourteenDays_OutageIsOneHourOnAWeekdayAfternoonDaysBeforeTheAnomaly()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end, TimeZone = "Europe/Berlin" });

        var outage = Assert.NotNull(scenario.Outage);
        Assert.Equal(3_600_000, outage.EndMs - outage.StartMs);
        var local = scenario.LocalTime(outage.StartMs / 1000);
        Assert.Equal(new DateTime(2025, 11, 21, 14, 10, 0), local);
        Assert.True(outage.EndMs < scenario.Anomaly.StartMs);
    }

    [Fact]
    public void Create_AnomalyLead_StartsTheAnomalyThatLongBeforeTheEnd()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end, AnomalyLead = TimeSpan.FromMinutes(1) });

        Assert.Equal(scenario.EndSeconds * 1000 - 60_000, scenario.Anomaly.StartMs);
        Assert.True(scenario.Anomaly.Contains(scenario.EndSeconds * 1000));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(15 * 86_400)]
    public void Validate_AnomalyLeadOutsideIntervalToHistory_IsAProblem(int seconds)
    {
        var problems = new SampleDataOptions { End = s_end, AnomalyLead = TimeSpan.FromSeconds(seconds) }.Validate();

        Assert.Contains(problems, p => p.StartsWith("anomaly lead must be between the interval (00:01:00) and the history's 14 days", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_AnyEnd_AnomalyCoversTheLastQuarterHourAndTheLastSample()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end });

        Assert.Equal(scenario.EndSeconds * 1000 - 15 * 60_000, scenario.Anomaly.StartMs);
        Assert.True(scenario.Anomaly.Contains(scenario.EndSeconds * 1000));
    }

    [Fact]
    public void Create_OneDay_OmitsHolidayAndOutage()
    {
        var scenario = SampleScenario.Create(new SampleDataOptions { End = s_end, Days = 1 });

        Assert.Null(scenario.Holiday);
        Assert.Null(scenario.Outage);
    }

    [Fact]
    public void Create_ThreeDaysBackIsSaturday_MovesOutageBackToFriday()
    {
        var tuesday = new DateTimeOffset(2025, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var scenario = SampleScenario.Create(new SampleDataOptions { End = tuesday });

        var outage = Assert.NotNull(scenario.Outage);
        Assert.Equal(DayOfWeek.Friday, scenario.LocalTime(outage.StartMs / 1000).DayOfWeek);
    }

    [Fact]
    public void Create_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new SampleDataOptions
        {
            End = s_end, Days = 0, Series = 1, Interval = TimeSpan.FromMilliseconds(1500), TimeZone = "Mars/Olympus",
        };

        var problems = options.Validate();
        var error = Assert.Throws<ArgumentException>(() => SampleScenario.Create(options));

        Assert.Equal(4, problems.Count);
        Assert.Contains("days", error.Message);
        Assert.Contains("series", error.Message);
        Assert.Contains("interval", error.Message);
        Assert.Contains("Mars/Olympus", error.Message);
    }
}
