using Sidecar.Models.Serialization;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;

namespace Sidecar.Tests.Scheduling;

/// <summary>
/// Continuous tuning on the fake clock and the real models: two daily sines with little noise, where an EWMA that
/// follows within a minute forecasts an hour far better than the six-hour half-life the selector configures.
/// </summary>
public sealed class ContinuousTunerTests : IDisposable
{
    private readonly RunnerFixture _f = new();

    public void Dispose() => _f.Dispose();

    /// <summary>The half-life of each saved model (fits and tuning cycles save).</summary>
    private double[] HalfLives(Sidecar.Config.SelectorConfig? selector = null)
    {
        var state = _f.Store.Load("s", SettingsHash.Accepted(selector ?? Selector())).State!;
        Assert.Equal(2, state.Series.Count);
        return state.Series.Select(s => FittedModelCodec.Decode(s.Model).Options.EwmaHalfLifeSeconds).ToArray();
    }

    private static Sidecar.Config.SelectorConfig Selector(string tuning = "") => RunnerFixture.Selector(
        "{name: s, match: 'requests{job=\"api\"}'}",
        RunnerFixture.DefaultsYaml.Replace("model: {type: prophet}", $$"""
            model: {type: ewma, ewma_half_life: 6h}
              cv: {initial: 1d, horizon: 1h, period: 6h}
              tuning: {grid: {ewma_half_life: [1m, 6h]}{{tuning}}}
            """, StringComparison.Ordinal));

    [Fact]
    public async Task TuneAsync_ClearlyBetterCombination_SwitchesRefitsPublishesAndRestores()
    {
        var selector = Selector();
        using (var runner = _f.Runner(selector))
        {
            Assert.True(runner.TunesContinuously);
            Assert.False(await runner.TuneAsync(CancellationToken.None));
            Assert.True(await runner.FitAsync(CancellationToken.None));
            Assert.All(HalfLives(), h => Assert.Equal(6 * 3600, h));

            Assert.True(await runner.TuneAsync(CancellationToken.None));

            Assert.All(HalfLives(), h => Assert.Equal(60, h));
            Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"switched\""));
            Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_cycles_total", "outcome=\"completed\""));
            Assert.Equal(0, await _f.GaugeAsync("sidecar_tuning_series_due"));
            Assert.Equal(1, await _f.GaugeAsync("sidecar_series_tuning_info", "instance=\"a\"", "ewma_half_life=\"1m\""));
            var winner = await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"winner\"", "cv_metric=\"rmse\"");
            var runnerUp = await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"runner_up\"");
            Assert.Equal(winner, await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"in_use\""));
            Assert.True(runnerUp > 1.05 * winner, $"{runnerUp} vs {winner}");

            // The window was taken: a second cycle needs another fit; that fit keeps the tuned options.
            Assert.False(await runner.TuneAsync(CancellationToken.None));
            Assert.True(await runner.FitAsync(CancellationToken.None));
            Assert.All(HalfLives(), h => Assert.Equal(60, h));
            Assert.True(await runner.TuneAsync(CancellationToken.None));
            Assert.Equal(0, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"kept\""));
        }

        using var restarted = _f.Runner(selector, metrics: _f.Self.ForSelector("s"));
        Assert.True(restarted.Restore());
        Assert.All(HalfLives(), h => Assert.Equal(60, h));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_series_tuning_info", "instance=\"b\"", "ewma_half_life=\"1m\""));
        Assert.True(await restarted.FitAsync(CancellationToken.None));
        Assert.All(HalfLives(), h => Assert.Equal(60, h));
    }

    [Fact]
    public async Task TuneAsync_GainBelowMinImprovement_KeepsTheSelectorsSettings()
    {
        using var runner = _f.Runner(Selector(", min_improvement: 0.999"));
        await runner.FitAsync(CancellationToken.None);

        await runner.TuneAsync(CancellationToken.None);

        Assert.All(HalfLives(), h => Assert.Equal(6 * 3600, h));
        Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"kept\""));
        Assert.Equal(0, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"switched\""));
        // The selector's own settings are a combination of the grid, so the info names it.
        Assert.Equal(1, await _f.GaugeAsync("sidecar_series_tuning_info", "instance=\"a\"", "ewma_half_life=\"6h\""));
        var inUse = await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"in_use\"");
        var winner = await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"winner\"");
        Assert.True(inUse > winner, $"the configured half-life is worse ({inUse} vs {winner}), but not by 99.9 %");
    }

    [Fact]
    public async Task TuneAsync_OwnSettingsOutsideTheGridAndClearlyBest_KeepsThemWithoutParameterLabels()
    {
        var selector = RunnerFixture.Selector(
            "{name: s, match: 'requests{job=\"api\"}'}",
            RunnerFixture.DefaultsYaml.Replace("model: {type: prophet}", """
                model: {type: ewma, ewma_half_life: 1m}
                  cv: {initial: 1d, horizon: 1h, period: 6h}
                  tuning: {grid: {ewma_half_life: [6h, 12h]}}
                """, StringComparison.Ordinal));
        using var runner = _f.Runner(selector);
        await runner.FitAsync(CancellationToken.None);

        await runner.TuneAsync(CancellationToken.None);

        Assert.All(HalfLives(selector), h => Assert.Equal(60, h));
        Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"kept\""));
        var info = Assert.Single(await _f.SamplesAsync(), l => l.StartsWith("sidecar_series_tuning_info{", StringComparison.Ordinal) && l.Contains("instance=\"a\"", StringComparison.Ordinal));
        Assert.DoesNotContain("ewma_half_life", info, StringComparison.Ordinal);
        Assert.True(await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"in_use\"") <
            await _f.GaugeAsync("sidecar_series_tuning_cv_error", "instance=\"a\"", "candidate=\"winner\""));
    }

    [Fact]
    public async Task TuneAsync_SeriesInAlertEpisode_HoldsItUntilTheHoldIsOver()
    {
        // Series a (100 ± 20) jumps out of its band to 300 for the last minutes before the fit, and is normal again after.
        var start = _f.NowMs - 3 * 60_000;
        var end = _f.NowMs + 5 * 60_000;
        var from = RunnerFixture.Start.AddDays(-3).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        var to = RunnerFixture.Start.AddDays(1).ToUnixTimeMilliseconds();
        var a = SeriesData.Daily(RunnerFixture.Labels("a"), from, to, seed: 1);
        _f.Reader.Clear();
        _f.Reader.Add(new TimeSeries(a.Labels, a.TimestampsMs, a.TimestampsMs.Select((t, i) => t >= start && t < end ? 300 : a.Values[i]).ToArray()));
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("b"), from, to, level: 500, amplitude: 100, seed: 2));
        using var runner = _f.Runner(Selector());
        await runner.FitAsync(CancellationToken.None);
        Assert.True(await _f.GaugeAsync("anomaly_score", "instance=\"a\"") > 1);

        await runner.TuneAsync(CancellationToken.None);

        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"held\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"switched\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_series_due"));
        Assert.Null(await _f.GaugeAsync("sidecar_series_tuning_info", "instance=\"a\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_series_tuning_info", "instance=\"b\"", "ewma_half_life=\"1m\""));

        // Five minutes on the score is back under 1, but the ten-minute hold is not over: still held.
        _f.Time.Advance(TimeSpan.FromMinutes(6));
        await runner.InferAsync(CancellationToken.None);
        Assert.True(await _f.GaugeAsync("anomaly_score", "instance=\"a\"") < 1);
        await runner.FitAsync(CancellationToken.None);
        await runner.TuneAsync(CancellationToken.None);
        Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"held\""));

        _f.Time.Advance(TimeSpan.FromMinutes(10));
        await runner.InferAsync(CancellationToken.None);
        await runner.FitAsync(CancellationToken.None);
        await runner.TuneAsync(CancellationToken.None);
        Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"switched\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_series_tuning_info", "instance=\"a\"", "ewma_half_life=\"1m\""));
    }

    [Fact]
    public async Task TuneAsync_BudgetSpent_TunesOneSeriesPerCycleAndResumesWithTheOther()
    {
        using var runner = _f.Runner(Selector(", cycle_budget: 1ms"));
        await runner.FitAsync(CancellationToken.None);

        await runner.TuneAsync(CancellationToken.None);
        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_cycles_total", "outcome=\"budget\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_series_due"));
        Assert.Equal(1, await _f.CountAsync("sidecar_series_tuning_info"));

        await runner.FitAsync(CancellationToken.None);
        await runner.TuneAsync(CancellationToken.None);
        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_cycles_total", "outcome=\"completed\""));
        Assert.Equal(0, await _f.GaugeAsync("sidecar_tuning_series_due"));
        Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_total", "decision=\"switched\""));
    }

    [Fact]
    public async Task TuneAsync_FitDue_SkipsTheCycleAndKeepsEverySeriesDue()
    {
        using var runner = _f.Runner(Selector());
        await runner.FitAsync(CancellationToken.None);
        _f.Time.Advance(TimeSpan.FromHours(1));

        await runner.TuneAsync(CancellationToken.None);

        Assert.Equal(1, await _f.GaugeAsync("sidecar_tuning_cycles_total", "outcome=\"fit_due\""));
        Assert.Equal(2, await _f.GaugeAsync("sidecar_tuning_series_due"));
        Assert.Equal(0, await _f.CountAsync("sidecar_series_tuning_info"));
    }

    [Fact]
    public async Task Restore_StateWithoutTuningChoices_RestoresAndTunesLater()
    {
        // A state saved with no tuning record (before continuous tuning, or without tuning:) restores under tuning.
        var plain = RunnerFixture.Selector(
            "{name: s, match: 'requests{job=\"api\"}'}",
            RunnerFixture.DefaultsYaml.Replace("model: {type: prophet}", "model: {type: ewma, ewma_half_life: 6h}\n  cv: {initial: 1d, horizon: 1h, period: 6h}", StringComparison.Ordinal));
        using (var runner = _f.Runner(plain))
        {
            Assert.False(runner.TunesContinuously);
            await runner.FitAsync(CancellationToken.None);
        }

        using var tuned = _f.Runner(Selector(), metrics: _f.Self.ForSelector("s"));
        Assert.True(tuned.Restore());
        Assert.Equal(0, await _f.CountAsync("sidecar_series_tuning_info"));
        await tuned.FitAsync(CancellationToken.None);
        await tuned.TuneAsync(CancellationToken.None);
        Assert.Equal(2, await _f.CountAsync("sidecar_series_tuning_info"));
    }
}
