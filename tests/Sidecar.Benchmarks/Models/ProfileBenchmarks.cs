using BenchmarkDotNet.Attributes;
using Sidecar.Models.Baseline;

namespace Sidecar.Benchmarks.Models;

/// <summary>
/// <see cref="SeasonalProfile.Build"/> alone on two weeks of one-minute traffic (the weekday/weekend split, 5-minute
/// slots pooled ±15 minutes, as the seasonal baseline builds it), with and without the leave-one-day-out values.
/// </summary>
[MemoryDiagnoser]
public class ProfileBenchmarks
{
    private double[] _values = [];
    private double[] _local = [];
    private double[] _loo = [];

    [GlobalSetup]
    public void Setup()
    {
        var ts = TrafficSeries.Grid(14 * 1440);
        _values = TrafficSeries.Values(ts, 1);
        _local = [.. ts.Select(t => t / 1000.0)];
        _loo = new double[ts.Length];
    }

    [Benchmark]
    public int Build() => SeasonalProfile.Build(_values, _local, DayGrouping.WeekdayWeekend, 288, 3, [], _loo).Slots.Length;

    [Benchmark]
    public int BuildWithoutLeaveOneDayOut() => SeasonalProfile.Build(_values, _local, DayGrouping.WeekdayWeekend, 288, 3, [], []).Slots.Length;
}
