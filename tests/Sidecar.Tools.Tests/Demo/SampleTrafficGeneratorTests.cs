using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Demo;

public sealed class SampleTrafficGeneratorTests
{
    // Wednesday 2025-11-26 16:42 in Berlin; the holiday is Wednesday 2025-11-19, the outage Friday 2025-11-21 14:10.
    private static readonly SampleDataOptions s_options = new()
    {
        End = new DateTimeOffset(2025, 11, 26, 15, 42, 37, TimeSpan.Zero),
        Days = 14,
        Series = 30,
        Seed = 7,
        TimeZone = "Europe/Berlin",
    };

    private static readonly Lazy<Generated> s_data = new(() => Generated.From(s_options));

    [Fact]
    public void Windows_SameSeed_SameValues()
    {
        var again = Generated.From(s_options);

        Assert.Equal(s_data.Value.Timestamps, again.Timestamps);
        for (var s = 0; s < again.Values.Length; s++)
        {
            Assert.Equal(s_data.Value.Values[s], again.Values[s]);
        }
    }

    [Fact]
    public void Windows_OtherSeed_OtherValues()
    {
        var other = Generated.From(s_options with { Seed = 8, Days = 1 });
        var same = Generated.From(s_options with { Days = 1 });

        Assert.NotEqual(same.Values[0], other.Values[0]);
    }

    [Fact]
    public void Windows_EveryWindow_EpochAlignedTwoHoursHoldingItsOwnSamples()
    {
        var scenario = SampleScenario.Create(s_options);
        var generator = new SampleTrafficGenerator(scenario, SampleSeriesCatalog.Build(4, 1), seed: 1);

        foreach (var window in generator.Windows())
        {
            Assert.Equal(0, window.StartSeconds % 7200);
            Assert.All(window.TimestampsSeconds, t => Assert.InRange(t, window.StartSeconds, window.StartSeconds + 7199));
            Assert.Equal(4, window.Values.Length);
            Assert.All(window.Values, v => Assert.Equal(window.TimestampsSeconds.Length, v.Length));
        }
    }

    [Fact]
    public void Windows_AllTimestamps_OnTheGridFromStartToEndNeverAfterTheEndOption()
    {
        var data = s_data.Value;

        Assert.Equal(data.Scenario.SampleCount, data.Timestamps.Length);
        Assert.Equal(data.Scenario.StartSeconds, data.Timestamps[0]);
        Assert.Equal(data.Scenario.EndSeconds, data.Timestamps[^1]);
        Assert.True(data.Timestamps[^1] <= s_options.End.ToUnixTimeSeconds());
        for (var i = 1; i < data.Timestamps.Length; i++)
        {
            Assert.Equal(60, data.Timestamps[i] - data.Timestamps[i - 1]);
        }
    }

    [Fact]
    public void Windows_Counters_NeverDecreaseExceptOnceWhenTheApiRestartsAfterTheOutage()
    {
        var data = s_data.Value;
        var restartMs = data.Scenario.Outage!.Value.EndMs;
        var restartIndex = Array.FindIndex(data.Timestamps, t => t * 1000 >= restartMs);

        foreach (var s in data.CounterIndices)
        {
            var decreases = Enumerable.Range(1, data.Timestamps.Length - 1)
                .Where(i => data.Values[s][i] < data.Values[s][i - 1])
                .ToList();
            Assert.Equal([restartIndex], decreases);
        }
    }

    [Fact]
    public void Windows_QueueDepth_NonNegativeWholeNumbers()
    {
        var data = s_data.Value;

        foreach (var s in data.GaugeIndices)
        {
            Assert.All(data.Values[s], v => Assert.True(v >= 0 && v == Math.Floor(v), $"queue depth {v}"));
        }
    }

    [Fact]
    public void Windows_WeekdayDaytime_AtLeastAThirdBusierThanWeekendDaytime()
    {
        var data = s_data.Value;
        var weekday = data.MeanApiRate(t => data.Kind(t) == DayKind.Weekday && data.IsDaytime(t) && !data.InOutage(t));
        var weekend = data.MeanApiRate(t => data.Kind(t) == DayKind.Weekend && data.IsDaytime(t));

        Assert.True(weekday > 1.33 * weekend, $"weekday {weekday:F1}/s, weekend {weekend:F1}/s");
    }

    [Fact]
    public void Windows_Weekday_NoonTwiceAsBusyAsFourInTheMorning()
    {
        var data = s_data.Value;
        var noon = data.MeanApiRate(t => data.Kind(t) == DayKind.Weekday && data.Local(t).Hour == 12);
        var night = data.MeanApiRate(t => data.Kind(t) == DayKind.Weekday && data.Local(t).Hour == 4);

        Assert.True(noon > 2 * night, $"noon {noon:F1}/s, 4am {night:F1}/s");
    }

    [Fact]
    public void Windows_HolidayDaytime_QuieterThanTheWeekdaysAroundIt()
    {
        var data = s_data.Value;
        var holiday = data.Scenario.Holiday!.Value;
        var holidayRate = data.MeanApiRate(t => DateOnly.FromDateTime(data.Local(t)) == holiday && data.IsDaytime(t));
        var dayBefore = data.MeanApiRate(t => DateOnly.FromDateTime(data.Local(t)) == holiday.AddDays(-1) && data.IsDaytime(t));
        var dayAfter = data.MeanApiRate(t => DateOnly.FromDateTime(data.Local(t)) == holiday.AddDays(1) && data.IsDaytime(t));

        Assert.True(holidayRate < 0.7 * dayBefore, $"holiday {holidayRate:F1}/s, the day before {dayBefore:F1}/s");
        Assert.True(holidayRate < 0.7 * dayAfter, $"holiday {holidayRate:F1}/s, the day after {dayAfter:F1}/s");
    }

    [Fact]
    public void Windows_Outage_ApiTrafficNearZeroAgainstTheDayBefore()
    {
        var data = s_data.Value;
        var outage = data.Scenario.Outage!.Value;
        var during = data.MeanApiRate(t => outage.Contains(t * 1000));
        var dayBefore = data.MeanApiRate(t => outage.Contains((t + 86_400) * 1000));

        Assert.True(during < 0.05 * dayBefore, $"outage {during:F2}/s, the day before {dayBefore:F1}/s");
    }

    [Fact]
    public void Windows_LastTenMinutes_AnomalousRouteSuccessesDropAndErrorsSurge()
    {
        var data = s_data.Value;
        var lastTen = data.Scenario.EndSeconds - 10 * 60;
        bool Now(long t) => t > lastTen;
        bool DayBefore(long t) => t + 86_400 > lastTen && t + 86_400 <= data.Scenario.EndSeconds;

        var ok = data.Rate(s => data.Route(s) == SampleScenario.AnomalyRoute && data.Code(s) == "200", Now);
        var okBefore = data.Rate(s => data.Route(s) == SampleScenario.AnomalyRoute && data.Code(s) == "200", DayBefore);
        var errors = data.Rate(s => data.Route(s) == SampleScenario.AnomalyRoute && data.Code(s) == "500", Now);
        var errorsBefore = data.Rate(s => data.Route(s) == SampleScenario.AnomalyRoute && data.Code(s) == "500", DayBefore);
        var other = data.Rate(s => data.Route(s) == "/api/v1/conversations", Now);
        var otherBefore = data.Rate(s => data.Route(s) == "/api/v1/conversations", DayBefore);

        Assert.InRange(ok / okBefore, 0.25, 0.45);
        Assert.True(errors > 50 * errorsBefore, $"500s now {errors:F2}/s, the day before {errorsBefore:F3}/s");
        Assert.InRange(other / otherBefore, 0.85, 1.2);
    }

    [Fact]
    public void Windows_HalfHourBeforeTheAnomaly_AnomalousRouteNormal()
    {
        var data = s_data.Value;
        var anomalyStart = data.Scenario.Anomaly.StartMs / 1000;
        bool Before(long t) => t >= anomalyStart - 1800 && t < anomalyStart;
        bool DayBefore(long t) => Before(t + 86_400);

        var ok = data.Rate(s => data.Route(s) == SampleScenario.AnomalyRoute && data.Code(s) == "200", Before);
        var okBefore = data.Rate(s => data.Route(s) == SampleScenario.AnomalyRoute && data.Code(s) == "200", DayBefore);

        Assert.InRange(ok / okBefore, 0.85, 1.2);
    }

    /// <summary>The whole data set in memory, with per-second rates derived from counter increments.</summary>
    private sealed class Generated
    {
        private Generated(SampleScenario scenario, IReadOnlyList<SampleSeries> series, long[] timestamps, double[][] values)
        {
            Scenario = scenario;
            Series = series;
            Timestamps = timestamps;
            Values = values;
            CounterIndices = Enumerable.Range(0, series.Count).Where(s => series[s].Kind == SampleSeriesKind.Counter).ToArray();
            GaugeIndices = Enumerable.Range(0, series.Count).Where(s => series[s].Kind == SampleSeriesKind.Gauge).ToArray();
        }

        public SampleScenario Scenario { get; }

        public IReadOnlyList<SampleSeries> Series { get; }

        public long[] Timestamps { get; }

        public double[][] Values { get; }

        public int[] CounterIndices { get; }

        public int[] GaugeIndices { get; }

        public static Generated From(SampleDataOptions options)
        {
            var scenario = SampleScenario.Create(options);
            var series = SampleSeriesCatalog.Build(options.Series, options.Seed);
            var windows = new SampleTrafficGenerator(scenario, series, options.Seed).Windows().ToList();
            var timestamps = windows.SelectMany(w => w.TimestampsSeconds).ToArray();
            var values = Enumerable.Range(0, series.Count).Select(s => windows.SelectMany(w => w.Values[s]).ToArray()).ToArray();
            return new Generated(scenario, series, timestamps, values);
        }

        public DateTime Local(long t) => Scenario.LocalTime(t);

        public DayKind Kind(long t) => Scenario.KindOf(DateOnly.FromDateTime(Local(t)));

        public bool IsDaytime(long t) => Local(t).Hour is >= 10 and < 17;

        public bool InOutage(long t) => Scenario.Outage?.Contains(t * 1000) == true;

        public string Route(int s) => Series[s].Labels.Get("route");

        public string Code(int s) => Series[s].Labels.Get("code");

        public double MeanApiRate(Func<long, bool> when) => Rate(_ => true, when);

        /// <summary>Mean per-second rate summed over the chosen counters, over the samples <paramref name="when"/> holds.</summary>
        public double Rate(Func<int, bool> which, Func<long, bool> when)
        {
            double increments = 0;
            var steps = 0;
            for (var i = 1; i < Timestamps.Length; i++)
            {
                if (!when(Timestamps[i]))
                {
                    continue;
                }

                steps++;
                foreach (var s in CounterIndices.Where(which))
                {
                    var delta = Values[s][i] - Values[s][i - 1];
                    increments += delta >= 0 ? delta : Values[s][i];
                }
            }

            Assert.True(steps > 0, "no samples selected");
            return increments / (steps * (double)Scenario.IntervalSeconds);
        }
    }
}
