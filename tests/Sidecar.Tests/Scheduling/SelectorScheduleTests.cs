using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Scheduling;
using Sidecar.State;

namespace Sidecar.Tests.Scheduling;

public sealed class SelectorScheduleTests : IDisposable
{
    private readonly RunnerFixture _f = new();
    private int _progress;

    public void Dispose() => _f.Dispose();

    private SelectorSchedule Schedule(SelectorRunner runner) =>
        new(runner, _f.Time, NullLogger.Instance, () => Interlocked.Increment(ref _progress));

    private async Task AdvanceAsync(SelectorSchedule schedule, TimeSpan by, TimeSpan? stepBy = null)
    {
        var step = stepBy ?? TimeSpan.FromMinutes(1);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            _f.Time.Advance(step);
            await schedule.WhenIdleAsync();
        }
    }

    [Fact]
    public async Task Start_NothingRestored_FitsAtOnceThenInfersAndServes()
    {
        using var runner = _f.Runner();
        await using var schedule = Schedule(runner);

        schedule.Start();
        await schedule.WhenIdleAsync();

        Assert.True(runner.IsServing);
        Assert.Equal(2, await _f.CountAsync("anomaly_score"));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\""));
        Assert.True(_progress > 0);
    }

    [Fact]
    public async Task Start_EveryInferEvery_InfersAndEveryFitEvery_Refits()
    {
        using var runner = _f.Runner();
        await using var schedule = Schedule(runner);
        schedule.Start();
        await schedule.WhenIdleAsync();

        await AdvanceAsync(schedule, TimeSpan.FromHours(1));

        Assert.Equal(2, await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\""));
        Assert.InRange((await _f.GaugeAsync("sidecar_inference_duration_seconds_count", "selector=\"s\""))!.Value, 61, 62);
        Assert.Equal(0, await _f.GaugeAsync("sidecar_runs_skipped_total", "kind=\"inference\""));
    }

    [Fact]
    public async Task InferenceTick_PreviousInferenceStillRunning_IsSkippedAndCounted()
    {
        using var runner = _f.Runner();
        await using var schedule = Schedule(runner);
        schedule.Start();
        await schedule.WhenIdleAsync();
        var gate = new SemaphoreSlim(0);
        _f.Reader.Gate = gate;

        _f.Time.Advance(TimeSpan.FromMinutes(1));
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        var skipped = await _f.GaugeAsync("sidecar_runs_skipped_total", "kind=\"inference\"");
        gate.Release();
        await schedule.WhenIdleAsync();

        Assert.Equal(2, skipped);
        Assert.Equal(2, await _f.CountAsync("anomaly_score"));
    }

    [Fact]
    public async Task FitTick_PreviousFitStillRunning_IsSkippedAndCounted()
    {
        using var runner = _f.Runner(RunnerFixture.Selector("{name: s, match: requests, fit_every: 2m, infer_every: 1h}"));
        await using var schedule = Schedule(runner);
        var gate = new SemaphoreSlim(0);
        _f.Reader.Gate = gate;

        schedule.Start();
        _f.Time.Advance(TimeSpan.FromMinutes(2));
        _f.Time.Advance(TimeSpan.FromMinutes(2));
        var skipped = await _f.GaugeAsync("sidecar_runs_skipped_total", "kind=\"fit\"");
        gate.Release();
        await schedule.WhenIdleAsync();

        Assert.Equal(2, skipped);
        Assert.True(runner.IsServing);
    }

    [Fact]
    public async Task Start_PrometheusDown_RetriesWithGrowingBackoffThenRecoversAndServes()
    {
        using var runner = _f.Runner();
        await using var schedule = Schedule(runner);
        _f.Reader.Failing = true;
        schedule.Start();
        await schedule.WhenIdleAsync();
        var attempts = new List<int>();

        for (var second = 1; second <= 8; second++)
        {
            await AdvanceAsync(schedule, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            attempts.Add(_f.Reader.Queries.Count);
        }

        Assert.False(runner.IsServing);
        // Attempts at 0 s, then after 1, 2 and 4 s: at seconds 1, 3 and 7.
        Assert.Equal(new[] { 2, 2, 3, 3, 3, 3, 4, 4 }, attempts);
        _f.Reader.Failing = false;
        await AdvanceAsync(schedule, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(1));
        Assert.True(runner.IsServing);
        Assert.Equal(2, await _f.CountAsync("anomaly_score"));
    }

    [Fact]
    public async Task Start_Restored_ServesAtOnceAndRefitsOnlyWhenTheRestoredFitFallsDue()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
        }

        _f.Time.Advance(TimeSpan.FromMinutes(30));
        using var runner = _f.Runner();
        Assert.True(runner.Restore());
        await using var schedule = Schedule(runner);
        var fitsBefore = await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\"");

        schedule.Start();
        await schedule.WhenIdleAsync();
        var fitsAtStart = await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\"");
        var scoresAtStart = await _f.CountAsync("anomaly_score");
        await AdvanceAsync(schedule, TimeSpan.FromMinutes(29));
        var fitsBeforeDue = await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\"");
        await AdvanceAsync(schedule, TimeSpan.FromMinutes(2));

        Assert.Equal(1, fitsBefore);
        Assert.Equal(1, fitsAtStart);
        Assert.Equal(2, scoresAtStart);
        Assert.Equal(1, fitsBeforeDue);
        Assert.Equal(2, await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\""));
    }

    [Theory]
    [InlineData("60 days ahead")]
    [InlineData("int64 max")]
    [InlineData("int64 min")]
    public async Task Start_RestoredFitInTheFutureOrOutOfRange_IsNotTrustedAndRefitsAtOnce(string fittedAt)
    {
        // A clock that was wrong when the file was written made every restart abort: a timer cannot wait 60 days.
        var selector = RunnerFixture.Selector();
        using (var first = _f.Runner(selector))
        {
            await first.FitAsync(CancellationToken.None);
        }

        var keeper = new SelectorStateKeeper(_f.Store, selector.Name, SettingsHash.Accepted(selector));
        var fittedAtMs = fittedAt switch
        {
            "60 days ahead" => _f.Time.GetUtcNow().AddDays(60).ToUnixTimeMilliseconds(),
            "int64 max" => long.MaxValue,
            _ => long.MinValue,
        };
        Assert.Empty(keeper.Save(keeper.Restore().Models, fittedAtMs));
        using var runner = _f.Runner(selector);

        var restored = runner.Restore();
        await using var schedule = Schedule(runner);
        schedule.Start();
        await schedule.WhenIdleAsync();

        Assert.False(restored);
        Assert.True(runner.IsServing);
        Assert.Equal(2, await _f.GaugeAsync("sidecar_fit_duration_seconds_count", "selector=\"s\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_state_load_failures_total", "selector=\"s\""));
        Assert.Equal(_f.Time.GetUtcNow(), runner.FittedAt);
    }

    [Fact]
    public async Task Start_SchedulesBeyondTheTimerLimit_AreClampedAndDoNotThrow()
    {
        // The config refuses these; a selector built another way must still not abort the start.
        var selector = RunnerFixture.Selector();
        selector = selector with { Settings = selector.Settings with { FitEvery = TimeSpan.FromDays(365), InferEvery = TimeSpan.FromDays(50) } };
        using var runner = _f.Runner(selector);
        await using var schedule = Schedule(runner);

        schedule.Start();
        await schedule.WhenIdleAsync();

        Assert.True(runner.IsServing);
    }

    [Fact]
    public async Task DisposeAsync_DuringARun_CancelsAndReturns()
    {
        using var runner = _f.Runner();
        var schedule = Schedule(runner);
        _f.Reader.Gate = new SemaphoreSlim(0);
        schedule.Start();

        await schedule.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(runner.IsServing);
    }
}
