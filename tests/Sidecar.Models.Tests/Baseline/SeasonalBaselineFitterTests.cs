using Sidecar.Models.Scoring;

namespace Sidecar.Models.Tests.Baseline;

public sealed class SeasonalBaselineFitterTests
{
    private static readonly ModelOptions Baseline = new() { Kind = ModelKind.SeasonalBaseline };

    /// <summary>Weekdays peak at 10:00 UTC with a sharp step at 18:00; weekends are flat and low.</summary>
    private static double WeeklyMean(long t)
    {
        var dow = (int)(((t / Synthetic.Day) + 4) % 7);
        if (dow is 0 or 6)
        {
            return 40;
        }

        var h = Synthetic.UtcHour(t);
        return (h is >= 8 and < 18 ? 150 : 60) + (30 * Math.Exp(-0.5 * (h - 10) * (h - 10)));
    }

    [Fact]
    public void Fit_WeekOfHourlyPoints_ForecastBandCoversTheNextTwoDaysAsNominal()
    {
        // a week of hourly points: each working-day slot is the median of five values, its own among them, so its
        // in-sample errors understate what the next days bring; the forecast's widening measures them with the day left
        // out of its own slot's median
        var (covered, total) = (0, 0);
        for (var seed = 1; seed <= 40; seed++)
        {
            var ts = Synthetic.Grid(Synthetic.Start, 9 * 24, Synthetic.Hour);
            // some days are noisier than others (the noise's scale varies by a factor of e^±0.5 from day to day)
            var dayNoise = Synthetic.Gaussian(9, 1000 + seed);
            var noise = Synthetic.Gaussian(ts.Length, seed);
            var y = ts.Select((t, i) => 100 + (30 * Math.Sin(2 * Math.PI * (Synthetic.UtcHour(t) - 6) / 24)) + (3 * Math.Exp(0.5 * dayNoise[i / 24]) * noise[i])).ToArray();
            var model = ModelFitter.Fit(ts[..(7 * 24)], y[..(7 * 24)], Baseline with { IntervalWidth = 0.95 });
            var (c, t) = Synthetic.CoveredAhead(model, ts, y, 7 * 24);
            (covered, total) = (covered + c, total + t);
        }

        var coverage = (double)covered / total;
        // the day kept in its own slot's median gave 93.85 %; left out, 95.36 %
        Assert.True(coverage is >= 0.945 and <= 0.985, $"95 % band covered {coverage:P2} of {total} points two days ahead");
    }

    [Fact]
    public void Fit_TwoWeeks_PredictsTheWeeklyShapeIncludingSteps()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 1440, Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 31);
        var y = ts.Select((t, i) => WeeklyMean(t) + (2 * z[i])).ToArray();
        var future = Synthetic.Grid(ts[^1] + Synthetic.Minute, 7 * 1440, Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, Baseline), future);

        // away from the steps at 08:00, 18:00 and the weekend's midnights (±20 minutes) the profile is the weekly mean
        var errors = future.Select((t, i) => (t, e: Math.Abs(p[i] - WeeklyMean(t))))
            .Where(x => Math.Abs(Synthetic.UtcHour(x.t) - 8) > 0.34 && Math.Abs(Synthetic.UtcHour(x.t) - 18) > 0.34 && Synthetic.UtcHour(x.t) is > 0.34 and < 23.66)
            .ToArray();
        var worst = errors.MaxBy(x => x.e);
        Assert.True(worst.e < 3.0, $"worst error {worst.e:F2} at {DateTimeOffset.FromUnixTimeMilliseconds(worst.t):u}");
    }

    [Fact]
    public void Fit_BadDayInTraining_ProfileIgnoresIt()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 1440, Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 32);
        var y = ts.Select((t, i) => WeeklyMean(t) + (2 * z[i])).ToArray();
        // an outage: Wednesday of week one at zero from 09:00 to 13:00
        var outageStart = (2 * 1440) + (9 * 60);
        for (var i = outageStart; i < outageStart + (4 * 60); i++)
        {
            y[i] = 0;
        }

        // Wednesday of the next week, during the outage hours
        var future = Synthetic.Grid(Synthetic.Start + (16 * Synthetic.Day) + (9 * Synthetic.Hour), 4 * 60, Synthetic.Minute);
        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, Baseline), future);

        var worst = future.Select((t, i) => Math.Abs(p[i] - WeeklyMean(t))).Max();
        Assert.True(worst < 4.0, $"the outage pulled the profile by up to {worst:F2}");
    }

    [Fact]
    public void Fit_DaylightSavingSwitch_SlotsFollowLocalTime()
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 2024-03-01 .. 2024-03-15: the switch is on 2024-03-10
        var start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var ts = Synthetic.Grid(start, 14 * 288, 5 * Synthetic.Minute);
        double Mean(long t)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(t), ny).TimeOfDay.TotalHours;
            return local is >= 9 and < 17 ? 100 : 20;
        }

        var y = ts.Select(Mean).ToArray();
        var model = ModelFitter.Fit(ts, y, Baseline with { TimeZone = "America/New_York", EwmaHalfLifeSeconds = 0 });
        // after the switch 09:00 local is 13:00 UTC: 12:30 UTC is still closed, 13:30 UTC open
        var day = start + (15 * Synthetic.Day);
        var (p, _, _) = Synthetic.Predict(model, [day + (12 * Synthetic.Hour) + (30 * Synthetic.Minute), day + (13 * Synthetic.Hour) + (30 * Synthetic.Minute)]);

        Assert.Equal(20, p[0], 1);
        Assert.Equal(100, p[1], 1);
    }

    [Fact]
    public void Fit_LevelShiftAtTheEnd_FollowedAtTheNextFit()
    {
        // ends on Wednesday 2024-01-10 at 12:00 UTC; the last two hours run 40 higher than usual
        var ts = Synthetic.Grid(Synthetic.Start + (2 * Synthetic.Hour), (9 * 288) + (8 * 12), 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 33);
        var y = ts.Select((t, i) => WeeklyMean(t) + (i >= ts.Length - 24 ? 40 : 0) + z[i]).ToArray();
        var next = ts[^1] + (5 * Synthetic.Minute);

        var model = ModelFitter.Fit(ts, y, Baseline);
        var (p, l, u) = Synthetic.Predict(model, [next]);

        var expected = WeeklyMean(next) + 40;
        Assert.True(AnomalyScore.Compute(expected, p[0], l[0], u[0], model.Options) < 1, $"predicted {p[0]:F1} for a new level of {expected:F1}");
    }

    [Fact]
    public void Fit_HolidayOnAWeekday_PredictedLikeASunday()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 34);
        var y = ts.Select((t, i) => WeeklyMean(t) + z[i]).ToArray();
        // Tuesday 2024-01-16 is a holiday: expect the weekend level (40) at 11:00
        var options = Baseline with { Holidays = [new HolidayOptions("closed", [new DateOnly(2024, 1, 16)])] };
        long at = new DateTimeOffset(2024, 1, 16, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, options), [at]);

        Assert.InRange(p[0], 37, 43);
    }

    [Fact]
    public void Fit_UndeclaredHolidayInHistory_ModelledAsOneAndTheBandStaysNarrow()
    {
        // Three weeks; Wednesday 2024-01-10 behaved like a Sunday, and nobody declared it
        var ts = Synthetic.Grid(Synthetic.Start, 21 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 35);
        var holiday = new DateOnly(2024, 1, 10);
        var y = ts.Select((t, i) =>
            (DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime) == holiday ? 40 : WeeklyMean(t)) + z[i]).ToArray();
        var declared = Baseline with { Holidays = [new HolidayOptions("closed", [holiday])] };
        var wednesday = new DateTimeOffset(2024, 1, 24, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var model = ModelFitter.Fit(ts, y, Baseline);
        var (p, l, u) = Synthetic.Predict(model, [wednesday]);
        var (pd, ld, ud) = Synthetic.Predict(ModelFitter.Fit(ts, y, declared), [wednesday]);

        // the next Wednesday is a working day again, and the band is the one the declared holiday gives
        Assert.InRange(p[0], WeeklyMean(wednesday) - 3, WeeklyMean(wednesday) + 3);
        Assert.InRange(u[0] - l[0], 0.9 * (ud[0] - ld[0]), 1.1 * (ud[0] - ld[0]));
        Assert.Equal(pd[0], p[0], 1);
    }

    [Fact]
    public void Fit_UndeclaredHalfHolidayInTwoWeeks_ModelledAsOne()
    {
        // Two weeks; Wednesday 2024-01-10 ran at 60 % of the way from a working day down to a Sunday, a bridge day
        // half of the users took off: 1.5 times closer to a Sunday than to its own day, nobody declared it
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 37);
        var holiday = new DateOnly(2024, 1, 10);
        double Mean(long t) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime) == holiday ? (0.6 * 40) + (0.4 * WeeklyMean(t)) : WeeklyMean(t);
        var y = ts.Select((t, i) => Mean(t) + z[i]).ToArray();
        var declared = Baseline with { Holidays = [new HolidayOptions("bridge day", [holiday])] };
        var wednesday = new DateTimeOffset(2024, 1, 17, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var (p, l, u) = Synthetic.Predict(ModelFitter.Fit(ts, y, Baseline), [wednesday]);
        var (pd, ld, ud) = Synthetic.Predict(ModelFitter.Fit(ts, y, declared), [wednesday]);

        // the same model as with the day declared: the working-day profile and the band leave it out
        Assert.Equal(pd[0], p[0], 6);
        Assert.Equal(ud[0] - ld[0], u[0] - l[0], 6);
    }

    [Fact]
    public void Fit_LowWorkingDayToday_NotRelabelled()
    {
        // Two weeks, and today (Monday 2024-01-15, the last day) has been at the weekend level since midnight: an
        // outage while it lasts, never a holiday found in hindsight, so the prediction stays the working day's
        var ts = Synthetic.Grid(Synthetic.Start, (14 * 288) + 144, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 36);
        var y = ts.Select((t, i) => (i >= 14 * 288 ? 40 : WeeklyMean(t)) + z[i]).ToArray();
        var next = ts[^1] + (5 * Synthetic.Minute);

        var model = ModelFitter.Fit(ts, y, Baseline with { EwmaHalfLifeSeconds = 0 });
        var (p, _, _) = Synthetic.Predict(model, [next]);

        Assert.InRange(p[0], WeeklyMean(next) - 5, WeeklyMean(next) + 5);
    }
}
