using Sidecar.Models.Baseline;

namespace Sidecar.Models.Tests.Baseline;

public sealed class SeasonalProfileTests
{
    private const long Monday = 19_723; // 2024-01-01, local day number

    /// <summary>
    /// The profile straight from its definition: each slot the median of every value of its category within
    /// ±halfWindow slots, each point's leave-one-day-out value the median of those not of its own day (where the
    /// category has 2-3 days), both by sorting a fresh copy; the sparse leave-one-day-out value also where the category's
    /// slots pool fewer than <see cref="SeasonalProfile.MinPooledValues"/> values on average.
    /// </summary>
    private static (double[] Slots, double[] LeaveOneDayOut, double[] SparseLeaveOneDayOut) Reference(double[] values, double[] localSeconds, DayGrouping grouping, int slotsPerDay, int halfWindow, long[] holidays)
    {
        var categories = new SeasonalProfile(grouping, slotsPerDay, [], holidays);
        var n = values.Length;
        var day = localSeconds.Select(s => (long)Math.Floor(s / 86400)).ToArray();
        var slot = localSeconds.Select((s, i) => Math.Min(slotsPerDay - 1, (int)((s / 86400.0 - day[i]) * slotsPerDay))).ToArray();
        var category = day.Select(categories.Category).ToArray();
        int Distance(int a, int b) => Math.Min(((a - b) % slotsPerDay + slotsPerDay) % slotsPerDay, ((b - a) % slotsPerDay + slotsPerDay) % slotsPerDay);
        double Median(IEnumerable<double> xs)
        {
            var s = xs.Order().ToArray();
            return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[(s.Length / 2) - 1] + s[s.Length / 2]);
        }

        IEnumerable<int> Window(int c, int s) => Enumerable.Range(0, n).Where(i => !double.IsNaN(values[i]) && category[i] == c && Distance(slot[i], s) <= halfWindow);
        var slots = new double[(int)grouping * slotsPerDay];
        for (var c = 0; c < (int)grouping; c++)
        {
            for (var s = 0; s < slotsPerDay; s++)
            {
                slots[(c * slotsPerDay) + s] = Median(Window(c, s).Select(i => values[i]));
            }
        }

        var daysOf = Enumerable.Range(0, (int)grouping).Select(c => Enumerable.Range(0, n).Where(i => !double.IsNaN(values[i]) && category[i] == c).Select(i => day[i]).Distinct().ToArray()).ToArray();
        var pooled = Enumerable.Range(0, (int)grouping).Select(c => (double)Enumerable.Range(0, n).Count(i => !double.IsNaN(values[i]) && category[i] == c) * ((2 * halfWindow) + 1) / slotsPerDay).ToArray();
        var loo = new double[n];
        var sparse = new double[n];
        for (var i = 0; i < n; i++)
        {
            var c = category[i];
            var leftOut = daysOf[c].Contains(day[i]) ? Median(Window(c, slot[i]).Where(k => day[k] != day[i]).Select(k => values[k])) : double.NaN;
            // NaN: the full profile there, compared through At
            loo[i] = daysOf[c].Length is > 1 and <= 3 ? leftOut : double.NaN;
            sparse[i] = daysOf[c].Length > 1 && (daysOf[c].Length <= 3 || pooled[c] < SeasonalProfile.MinPooledValues) ? leftOut : double.NaN;
        }

        return (slots, loo, sparse);
    }

    [Theory]
    [InlineData(1, 3, 60, 0)]
    [InlineData(1, 2, 30, 1)]
    [InlineData(2, 9, 60, 2)]
    [InlineData(7, 22, 240, 3)]
    [InlineData(2, 10, 1800, 4)]
    [InlineData(7, 30, 3600, 5)]
    public void Build_MatchesTheDefinition(int categories, int days, int stepSeconds, int seed)
    {
        var grouping = (DayGrouping)categories;
        var rnd = new Random(seed);
        var n = days * 86400 / stepSeconds;
        var local = Enumerable.Range(0, n).Select(i => (Monday * 86400.0) + (i * stepSeconds)).ToArray();
        // ties (rounded values), gaps, and a day missing entirely
        var values = local.Select(s => rnd.NextDouble() < 0.1 || Math.Floor(s / 86400) == Monday + 1 ? double.NaN : Math.Round(10 * Math.Sin(s / 13750) + (3 * rnd.NextDouble()), 1)).ToArray();
        const int slotsPerDay = 48;
        var halfWindow = 1 + seed % 2;
        long[] holidays = seed == 2 ? [Monday + 3] : [];

        var loo = new double[n];
        var sparse = new double[n];
        var profile = SeasonalProfile.Build(values, local, grouping, slotsPerDay, halfWindow, holidays, loo, sparse);
        var (slots, expectedLoo, expectedSparse) = Reference(values, local, grouping, slotsPerDay, halfWindow, holidays);
        // the cases with 30- and 60-minute points pool few values a slot (the sparse leave-one-day-out differs there)
        Assert.Equal(stepSeconds >= 1800, !loo.SequenceEqual(sparse));

        for (var k = 0; k < slots.Length; k++)
        {
            if (!double.IsNaN(slots[k]))
            {
                Assert.Equal(slots[k], profile.Slots[k]);
            }
        }

        var at = new double[n];
        profile.At(local, at);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(profile.At(local[i]), at[i]);
            Assert.Equal(double.IsNaN(expectedLoo[i]) ? at[i] : expectedLoo[i], loo[i]);
            Assert.Equal(double.IsNaN(expectedSparse[i]) ? at[i] : expectedSparse[i], sparse[i]);
        }
    }

    /// <summary>
    /// Two weeks at 5 minutes from Monday: working days at 10, weekend days at 20, and, when <paramref name="fridayNight"/>,
    /// the night from Friday 22:00 to Saturday 02:00 at 30 (people up late before a day off); a little noise.
    /// </summary>
    private static (double[] Values, double[] Local) TwoWeeks(bool fridayNight)
    {
        var rnd = new Random(7);
        var local = Enumerable.Range(0, 14 * 288).Select(i => (Monday * 86400.0) + (i * 300)).ToArray();
        var values = local.Select(s =>
        {
            var day = (long)Math.Floor(s / 86400);
            var hour = (s / 3600) - (day * 24);
            var dow = (int)((day - Monday) % 7); // 0 = Monday
            var level = dow >= 5 ? 20.0 : 10.0;
            if (fridayNight && ((dow == 4 && hour >= 22) || (dow == 5 && hour < 2)))
            {
                level = 30;
            }

            return level + (0.5 * rnd.NextDouble());
        }).ToArray();
        return (values, local);
    }

    [Fact]
    public void Build_FridayNightsUnlikeEitherDay_KeptAsANightOfTheirOwn()
    {
        var (values, local) = TwoWeeks(fridayNight: true);

        var profile = SeasonalProfile.Build(values, local, DayGrouping.WeekdayWeekend, 288, 3, [], new double[values.Length]);

        // next week: Friday 23:30 and Saturday 01:00 are the night's, Thursday 23:30 and Sunday 01:00 their days'
        var week = (Monday + 14) * 86400.0;
        Assert.True(profile.HasNights);
        Assert.InRange(profile.At(week + (4 * 86400) + (23.5 * 3600)), 29.5, 31);
        Assert.InRange(profile.At(week + (5 * 86400) + (1 * 3600)), 29.5, 31);
        Assert.InRange(profile.At(week + (3 * 86400) + (23.5 * 3600)), 9.5, 11);
        Assert.InRange(profile.At(week + (6 * 86400) + (1 * 3600)), 19.5, 21);
        // the working days' evening is built without the Fridays', and their midday with them
        Assert.InRange(profile.At(week + (4 * 86400) + (12 * 3600)), 9.5, 11);
    }

    [Fact]
    public void Build_NightsLikeTheirDays_NotKept()
    {
        var (values, local) = TwoWeeks(fridayNight: false);

        var profile = SeasonalProfile.Build(values, local, DayGrouping.WeekdayWeekend, 288, 3, [], new double[values.Length]);

        // a Friday night told no better by the other Friday than by the working days: the working days' evening, exactly,
        // and no nights stored
        var week = (Monday + 14) * 86400.0;
        Assert.False(profile.HasNights);
        Assert.Equal(2 * 288, profile.Slots.Length);
        Assert.Equal(profile.At(week + (3 * 86400) + (23.5 * 3600)), profile.At(week + (4 * 86400) + (23.5 * 3600)));
        Assert.Equal(profile.At(week + (6 * 86400) + (1 * 3600)), profile.At(week + (5 * 86400) + (1 * 3600)));
    }

    [Fact]
    public void Build_WithoutLeaveOneDayOut_GivesTheSameProfile()
    {
        var local = Enumerable.Range(0, 3 * 288).Select(i => (Monday * 86400.0) + (i * 300)).ToArray();
        var values = local.Select(s => Math.Sin(s / 5000)).ToArray();

        var full = SeasonalProfile.Build(values, local, DayGrouping.AllDays, 288, 3, [], new double[values.Length]);
        var bare = SeasonalProfile.Build(values, local, DayGrouping.AllDays, 288, 3, [], []);

        Assert.Equal(full.Slots, bare.Slots);
    }

    [Fact]
    public void Build_WindowWiderThanTheDay_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeasonalProfile.Build([1.0], [0.0], DayGrouping.AllDays, 4, 2, [], new double[1]));
    }
}
