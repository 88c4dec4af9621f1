using Sidecar.Models.Serialization;

namespace Sidecar.Models.Tests.Prophet;

public sealed class ProphetFitterTests
{
    private static readonly ModelOptions Prophet = new() { Kind = ModelKind.Prophet };

    [Fact]
    public void Fit_TrendAndDailySeasonality_RecoversMeanOutOfSample()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var y = Synthetic.Daily(ts, 2, seed: 1, slopePerDay: 1.5);
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, Prophet), future);

        var worst = future.Select((t, i) => Math.Abs(p[i] - Synthetic.DailyMean(t, ts[0], 1.5))).Max();
        Assert.True(worst < 2.0, $"worst error {worst:F2} on a daily amplitude of 30 and noise sd 2");
    }

    [Fact]
    public void Fit_ShortHourlyHistory_BandCoversTheNextTwoDaysAsNominal()
    {
        // a week of hourly points fits ~40 structure columns on 168 rows: its in-sample residuals are a fifth smaller
        // than what the next days bring, so a band calibrated on them covers too little
        var (covered, total) = (0, 0);
        for (var seed = 1; seed <= 30; seed++)
        {
            var ts = Synthetic.Grid(Synthetic.Start, 9 * 24, Synthetic.Hour);
            var y = Synthetic.Daily(ts, 4, seed);
            var history = ts[..(7 * 24)];
            var model = ModelFitter.Fit(history, y[..(7 * 24)], Prophet with { IntervalWidth = 0.95 });
            var (c, t) = Synthetic.CoveredAhead(model, ts, y, 7 * 24);
            (covered, total) = (covered + c, total + t);
        }

        var coverage = (double)covered / total;
        // in-sample residuals gave 93.4 %; the leave-one-row-out ones give 96.8 %
        Assert.True(coverage is >= 0.945 and <= 0.99, $"95 % band covered {coverage:P2} of {total} points two days ahead");
    }

    [Fact]
    public void Fit_FlatMinuteData_TrendDoesNotRunAway()
    {
        // two weeks of 1-minute noise around a level: Prophet's own trend tends to chase the noise
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 1440, Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 11);
        var y = z.Select(v => 500 + (10 * v)).ToArray();
        var future = Synthetic.Grid(ts[^1] + Synthetic.Minute, 3 * 1440, Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, Prophet with { DailySeasonality = 0, WeeklySeasonality = 0 }), future);

        Assert.True(p.Max(v => Math.Abs(v - 500)) < 2.0, $"forecast drifted to {p.Max(v => Math.Abs(v - 500)):F2} from the level");
    }

    [Fact]
    public void Fit_DaylightSavingSwitch_DailyPeakStaysAtNineLocal()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // 2024-03-18 .. 2024-04-01 spans the switch on 2024-03-31
        var start = new DateTimeOffset(2024, 3, 18, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var ts = Synthetic.Grid(start, 14 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 3);
        double Mean(long t)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(t), berlin);
            var h = local.TimeOfDay.TotalHours;
            var d = Math.Min(Math.Abs(h - 9), 24 - Math.Abs(h - 9));
            return 100 + (80 * Math.Exp(-0.5 * d * d));
        }

        var y = ts.Select((t, i) => Mean(t) + z[i]).ToArray();
        var model = ModelFitter.Fit(ts, y, Prophet with { TimeZone = "Europe/Berlin", WeeklySeasonality = 0 });
        // two days after the switch (summer time: 09:00 local = 07:00 UTC)
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 2 * 288, 5 * Synthetic.Minute);
        var (p, _, _) = Synthetic.Predict(model, future);

        for (var day = 0; day < 2; day++)
        {
            var slice = Enumerable.Range(day * 288, 288).ToArray();
            var peak = slice.MaxBy(i => p[i]);
            var localPeak = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(future[peak]), berlin);
            Assert.InRange(localPeak.TimeOfDay.TotalHours, 8.75, 9.25);
        }
    }

    [Fact]
    public void Fit_OutageInTraining_DoesNotBendTheFit()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var clean = Synthetic.Daily(ts, 2, seed: 4);
        var y = (double[])clean.Clone();
        // a three-hour outage to zero around the daily peak, two days before the end
        var outageStart = ts.Length - (2 * 288) + 132;
        for (var i = outageStart; i < outageStart + 36; i++)
        {
            y[i] = 0;
        }

        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);
        var (withOutage, _, upperOutage) = Synthetic.Predict(ModelFitter.Fit(ts, y, Prophet), future);
        var (cleanFit, _, upperClean) = Synthetic.Predict(ModelFitter.Fit(ts, clean, Prophet), future);

        var worst = withOutage.Select((v, i) => Math.Abs(v - cleanFit[i])).Max();
        Assert.True(worst < 1.0, $"the outage moved the forecast by up to {worst:F2}");
        var widening = upperOutage.Select((v, i) => (v - withOutage[i]) / (upperClean[i] - cleanFit[i])).Max();
        Assert.True(widening < 1.15, $"the outage widened the band by a factor {widening:F2}");
    }

    [Fact]
    public void Fit_GapsAndMissingValues_StillRecoversMean()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var y = Synthetic.Daily(ts, 2, seed: 5);
        var rnd = new Random(5);
        for (var i = 0; i < y.Length; i++)
        {
            // 15 % scattered NaN plus a missing day
            if (rnd.NextDouble() < 0.15 || (i >= 5 * 288 && i < 6 * 288))
            {
                y[i] = double.NaN;
            }
        }

        // and some points absent from the grid altogether
        var keep = Enumerable.Range(0, ts.Length).Where(i => i % 7 != 3).ToArray();
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(keep.Select(i => ts[i]).ToArray(), keep.Select(i => y[i]).ToArray(), Prophet), future);

        var worst = future.Select((t, i) => Math.Abs(p[i] - Synthetic.DailyMean(t, ts[0]))).Max();
        Assert.True(worst < 2.5, $"worst error {worst:F2}");
    }

    [Fact]
    public void Fit_WeekdayWeekendConditionalSeasonality_SeparatesShapes()
    {
        // weekdays peak at 10:00 UTC, weekends at 20:00 UTC
        var ts = Synthetic.Grid(Synthetic.Start, 21 * 288, 5 * Synthetic.Minute);
        static double Mean(long t)
        {
            var dow = (int)(((t / Synthetic.Day) + 4) % 7);
            var peak = dow is 0 or 6 ? 20.0 : 10.0;
            var h = Synthetic.UtcHour(t);
            var d = Math.Min(Math.Abs(h - peak), 24 - Math.Abs(h - peak));
            return 50 + (60 * Math.Exp(-0.5 * d * d / 4));
        }

        var z = Synthetic.Gaussian(ts.Length, 6);
        var y = ts.Select((t, i) => Mean(t) + z[i]).ToArray();
        var options = Prophet with
        {
            DailySeasonality = 0,
            WeeklySeasonality = 0,
            Seasonalities =
            [
                new SeasonalityOptions("daily_weekday", 86400, 8, 10, SeasonalityCondition.Weekday),
                new SeasonalityOptions("daily_weekend", 86400, 8, 10, SeasonalityCondition.Weekend),
            ],
        };
        // the grid ends on a Sunday night: predict Monday and the following Saturday
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 7 * 288, 5 * Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, options), future);

        var worst = future.Select((t, i) => Math.Abs(p[i] - Mean(t))).Max();
        Assert.True(worst < 3.0, $"worst error {worst:F2} on peaks of 60");
    }

    [Fact]
    public void Fit_HolidayWithWindow_LearnsTheEffectAndAppliesItToAFutureDate()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        DateOnly[] dates = [new(2024, 1, 4), new(2024, 1, 11), new(2024, 1, 16)];
        static long DayOf(DateOnly d) => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds() / Synthetic.Day;
        var holidayDays = dates.Select(DayOf).ToHashSet();
        double Mean(long t)
        {
            var day = t / Synthetic.Day;
            var effect = holidayDays.Contains(day) ? -40 : holidayDays.Contains(day - 1) ? -15 : 0;
            return Synthetic.DailyMean(t, ts[0]) + effect;
        }

        var z = Synthetic.Gaussian(ts.Length, 8);
        var y = ts.Select((t, i) => Mean(t) + z[i]).ToArray();
        var options = Prophet with { Holidays = [new HolidayOptions("closing", dates, 0, 1)] };
        // 2024-01-16 and the day after lie beyond the fitted 14 days
        var future = Synthetic.Grid(DayOf(new DateOnly(2024, 1, 16)) * Synthetic.Day, 2 * 288, 5 * Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, options), future);

        var worst = future.Select((t, i) => Math.Abs(p[i] - Mean(t))).Max();
        Assert.True(worst < 3.0, $"worst error {worst:F2} on holiday effects of -40 and -15");
    }

    [Fact]
    public void Fit_CountryCalendar_AddsHolidayColumns()
    {
        // 2024-01-01 (New Year) opens the history with a −50 effect: the calendar column must absorb it
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 9);
        var y = ts.Select((t, i) => Synthetic.DailyMean(t, ts[0]) + (t < Synthetic.Start + Synthetic.Day ? -50 : 0) + z[i]).ToArray();

        var model = ModelFitter.Fit(ts, y, Prophet with { HolidayCountries = ["US"], WeeklySeasonality = 0 });
        var (p, _, _) = Synthetic.Predict(model, ts[..288]);

        var meanError = p.Select((v, i) => v - Synthetic.DailyMean(ts[i], ts[0]) + 50).Average();
        Assert.InRange(meanError, -3, 3);
    }

    [Fact]
    public void Fit_SameInput_IsDeterministic()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 3 * 1440, Synthetic.Minute);
        var y = Synthetic.Daily(ts, 2, seed: 12);

        var a = FittedModelCodec.Encode(ModelFitter.Fit(ts, y, Prophet));
        var b = FittedModelCodec.Encode(ModelFitter.Fit(ts, y, Prophet));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Fit_SharedGrid_MatchesSingleFits()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 4 * 1440, Synthetic.Minute);
        var grid = new FitGrid(ts, Prophet);
        for (var seed = 0; seed < 3; seed++)
        {
            var y = Synthetic.Daily(ts, 1 + seed, seed);
            Assert.Equal(FittedModelCodec.Encode(ModelFitter.Fit(ts, y, Prophet)), FittedModelCodec.Encode(grid.Fit(y)));
        }
    }

    [Fact]
    public void Fit_MultiplicativeSeasonality_AmplitudeGrowsWithTheTrend()
    {
        // level doubles over 14 days and the daily swing is ±30 % of the level
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        static double Mean(long t)
        {
            var level = 100 * (1 + ((t - Synthetic.Start) / (14.0 * Synthetic.Day)));
            return level * (1 + (0.3 * Math.Sin(2 * Math.PI * Synthetic.UtcHour(t) / 24)));
        }

        var z = Synthetic.Gaussian(ts.Length, 13);
        var y = ts.Select((t, i) => Mean(t) + z[i]).ToArray();
        var options = Prophet with { SeasonalityMode = SeasonalityMode.Multiplicative, WeeklySeasonality = 0, ChangepointPriorScale = 0.5 };
        // in-sample, first and last day: the swing must be ±30 and ±60 rather than one average amplitude
        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, options), ts);

        double Swing(int from) => p.Skip(from).Take(288).Max() - p.Skip(from).Take(288).Min();
        var first = Swing(0);
        var last = Swing(ts.Length - 288);
        Assert.InRange(last / first, 1.6, 2.2);
    }

    [Fact]
    public void Fit_ExcludedWindow_IsNotLearnt()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 288, 5 * Synthetic.Minute);
        var y = Synthetic.Daily(ts, 1, seed: 14);
        // a whole day of maintenance at a different level, excluded in the options
        for (var i = 3 * 288; i < 4 * 288; i++)
        {
            y[i] += 80;
        }

        var options = Prophet with { Exclude = [new TimeRange(ts[3 * 288], ts[4 * 288])], WeeklySeasonality = 0 };
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, options), future);

        var worst = future.Select((t, i) => Math.Abs(p[i] - Synthetic.DailyMean(t, ts[0]))).Max();
        Assert.True(worst < 1.5, $"worst error {worst:F2}");
    }
}
