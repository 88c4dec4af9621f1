using Sidecar.Models;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.Series;

namespace Sidecar.Tests.Scheduling;

public sealed class SelectorRunnerTests : IDisposable
{
    private readonly RunnerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task FitAsync_SeriesWithMinHistory_AreModelledAndTheirPredictionsPublished()
    {
        using var runner = _f.Runner();

        Assert.True(await runner.FitAsync(CancellationToken.None));

        Assert.Equal((2, 0), runner.Counts());
        Assert.True(runner.IsServing);
        Assert.Equal(2, await _f.CountAsync("predicted"));
        var predicted = await _f.GaugeAsync("predicted", "instance=\"a\"", "selector=\"s\"", "metric=\"requests\"");
        Assert.DoesNotContain(await _f.SamplesAsync(), l => l.StartsWith("predicted{", StringComparison.Ordinal) && l.Contains("model=", StringComparison.Ordinal));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_series_model_info", "instance=\"a\"", "selector=\"s\"", "metric=\"requests\"", "model=\"prophet\""));
        Assert.Equal(2, await _f.CountAsync("sidecar_series_model_info"));
        var evalMs = StepGrid.AlignDown(_f.NowMs, 60_000);
        Assert.InRange(predicted!.Value, SeriesData.Expected(evalMs) - 3, SeriesData.Expected(evalMs) + 3);
        Assert.Equal(2, await _f.GaugeAsync("sidecar_series", "state=\"modelled\""));
    }

    [Fact]
    public async Task FitAsync_FirstFit_ScoresTheLatestFreshPointBeforeAnyInference()
    {
        // Ready means scored: the score must not wait up to infer_every for the first inference tick.
        using var runner = _f.Runner();

        await runner.FitAsync(CancellationToken.None);

        Assert.Equal(2, await _f.CountAsync("anomaly_score"));
        Assert.Equal(2, await _f.CountAsync("value"));
        var score = await _f.GaugeAsync("anomaly_score", "instance=\"a\"");
        Assert.InRange(score!.Value, 0, 1);
    }

    [Fact]
    public async Task FitAsync_ReadsTheWindowInDaySlices_EachWithTheRangeHistoryBeforeIt()
    {
        using var runner = _f.Runner(RunnerFixture.Selector("{name: s, match: 'requests', function: rate, range: 5m}"));

        await runner.FitAsync(CancellationToken.None);

        var queries = _f.Reader.Queries;
        Assert.Equal(2, queries.Count);
        var endMs = StepGrid.AlignDown(_f.NowMs, 60_000);
        var startMs = endMs - 2879 * 60_000L;
        Assert.Equal((startMs - 300_000, startMs + 1439 * 60_000L), (queries[0].StartMs, queries[0].EndMs));
        Assert.Equal((startMs + 1440 * 60_000L - 300_000, endMs), (queries[1].StartMs, queries[1].EndMs));
    }

    [Fact]
    public async Task InferAsync_FreshValues_PublishValueAndScore_AndAnInjectedAnomalyScoresAboveOne()
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);

        Assert.True(await runner.InferAsync(CancellationToken.None));
        var normal = await _f.GaugeAsync("anomaly_score", "instance=\"a\"");
        _f.Reader.Clear();
        var from = RunnerFixture.Start.AddDays(-3).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        var to = RunnerFixture.Start.AddDays(1).ToUnixTimeMilliseconds();
        _f.Reader.Add(SeriesData.WithValueFrom(SeriesData.Daily(RunnerFixture.Labels("a"), from, to, seed: 1), _f.NowMs + 1, 1000));
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("b"), from, to, level: 500, amplitude: 100, seed: 2));
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await runner.InferAsync(CancellationToken.None);

        Assert.InRange(normal!.Value, 0, 1);
        Assert.Equal(1000, await _f.GaugeAsync("value", "instance=\"a\""));
        Assert.True(await _f.GaugeAsync("anomaly_score", "instance=\"a\"") > 1);
        Assert.InRange((await _f.GaugeAsync("anomaly_score", "instance=\"b\""))!.Value, 0, 1);
    }

    [Fact]
    public async Task InferAsync_EachCycle_ReadsOnlyTheNewStepsPlusTheRangeHistory()
    {
        using var runner = _f.Runner(RunnerFixture.Selector("{name: s, match: 'requests', function: rate, range: 5m}"));
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);
        var firstEval = StepGrid.AlignDown(_f.NowMs, 60_000);
        _f.Reader.ClearQueries();

        _f.Time.Advance(TimeSpan.FromMinutes(3));
        await runner.InferAsync(CancellationToken.None);

        var query = Assert.Single(_f.Reader.Queries);
        Assert.Equal(firstEval + 60_000 - 300_000, query.StartMs);
        Assert.Equal(StepGrid.AlignDown(_f.NowMs, 60_000), query.EndMs);
    }

    [Fact]
    public async Task InferAsync_PrometheusGone_PredictionsStayAndScoresGoOnceStale()
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);
        _f.Reader.Failing = true;

        _f.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(await runner.InferAsync(CancellationToken.None));
        var scoresWhileFresh = await _f.CountAsync("anomaly_score");
        _f.Time.Advance(TimeSpan.FromMinutes(5));
        await runner.InferAsync(CancellationToken.None);
        var evalMs = StepGrid.AlignDown(_f.NowMs, 60_000);

        Assert.Equal(2, scoresWhileFresh);
        Assert.Equal(0, await _f.CountAsync("anomaly_score"));
        Assert.Equal(0, await _f.CountAsync("value"));
        Assert.Equal(2, await _f.CountAsync("predicted"));
        var predicted = await _f.GaugeAsync("predicted", "instance=\"a\"");
        Assert.InRange(predicted!.Value, SeriesData.Expected(evalMs) - 3, SeriesData.Expected(evalMs) + 3);
    }

    [Fact]
    public async Task InferAsync_PrometheusGoneLongerThanTtl_ForgetsNothing()
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        _f.Reader.Failing = true;

        _f.Time.Advance(TimeSpan.FromHours(2));
        await runner.InferAsync(CancellationToken.None);

        Assert.Equal((2, 0), runner.Counts());
        Assert.Equal(2, await _f.CountAsync("predicted"));
    }

    [Fact]
    public async Task InferAsync_SeriesUnseenForTtl_IsForgottenWithItsGauges()
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);
        var from = RunnerFixture.Start.AddDays(-3).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        _f.Reader.Clear();
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("a"), from, RunnerFixture.Start.AddDays(1).ToUnixTimeMilliseconds()));

        _f.Time.Advance(TimeSpan.FromMinutes(20));
        await runner.InferAsync(CancellationToken.None);
        var countBeforeTtl = runner.Counts();
        _f.Time.Advance(TimeSpan.FromMinutes(15));
        await runner.InferAsync(CancellationToken.None);

        Assert.Equal((2, 0), countBeforeTtl);
        Assert.Equal((1, 0), runner.Counts());
        Assert.Null(await _f.GaugeAsync("predicted", "instance=\"b\""));
        Assert.NotNull(await _f.GaugeAsync("predicted", "instance=\"a\""));
    }

    [Fact]
    public async Task InferAsync_NewSeriesWithHistory_IsDiscoveredAndModelledAtOnceByCatchUp()
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);
        var now = _f.NowMs;
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("c"), now - 2 * 3_600_000, now + 86_400_000, seed: 3));
        _f.Reader.ClearQueries();

        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await runner.InferAsync(CancellationToken.None);
        var afterDiscovery = runner.Counts();
        Assert.True(runner.HasDueCatchUps);
        await runner.CatchUpAsync(CancellationToken.None);

        Assert.Equal((2, 1), afterDiscovery);
        Assert.Equal((3, 0), runner.Counts());
        Assert.NotNull(await _f.GaugeAsync("predicted", "instance=\"c\""));
        Assert.Contains(_f.Reader.Queries, q => q.Matchers.Contains(new Matcher(RemoteRead.MatchType.Equal, "instance", "c")));
    }

    [Fact]
    public async Task CatchUpAsync_NewSeriesShorterThanMinHistory_WaitsUntilItHasIt()
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        var now = _f.NowMs;
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("c"), StepGrid.AlignDown(now, 60_000) - 10 * 60_000, now + 86_400_000, seed: 3));
        await runner.InferAsync(CancellationToken.None);
        await runner.CatchUpAsync(CancellationToken.None);
        var afterFirstTry = runner.Counts();

        _f.Time.Advance(TimeSpan.FromMinutes(30));
        await runner.InferAsync(CancellationToken.None);
        var dueAfterHalfAnHour = runner.HasDueCatchUps;
        _f.Time.Advance(TimeSpan.FromMinutes(21));
        await runner.InferAsync(CancellationToken.None);
        var dueAfterAnHour = runner.HasDueCatchUps;
        await runner.CatchUpAsync(CancellationToken.None);

        Assert.Equal((2, 1), afterFirstTry);
        Assert.False(dueAfterHalfAnHour);
        Assert.True(dueAfterAnHour);
        Assert.Equal((3, 0), runner.Counts());
    }

    [Fact]
    public async Task MaxSeries_NewSeriesBeyondTheCap_AreDroppedAndCountedOnce()
    {
        using var runner = _f.Runner(RunnerFixture.Selector("{name: s, match: 'requests', max_series: 2}"));
        await runner.FitAsync(CancellationToken.None);
        var now = _f.NowMs;
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("c"), now - 3_600_000, now + 86_400_000));
        _f.Reader.Add(SeriesData.Daily(RunnerFixture.Labels("d"), now - 3_600_000, now + 86_400_000));

        for (var i = 0; i < 3; i++)
        {
            _f.Time.Advance(TimeSpan.FromMinutes(1));
            await runner.InferAsync(CancellationToken.None);
        }

        Assert.Equal((2, 0), runner.Counts());
        Assert.Equal(2, await _f.GaugeAsync("sidecar_series_dropped_total", "selector=\"s\""));
        Assert.Null(await _f.GaugeAsync("predicted", "instance=\"c\""));
    }

    [Fact]
    public async Task FitAsync_OneSeriesFailsToFit_TheOthersAreModelledAndTheErrorCounted()
    {
        using var runner = _f.Runner(fitter: new FailingFitter(failWhenMeanAbove: 300));

        Assert.True(await runner.FitAsync(CancellationToken.None));

        Assert.Equal((1, 1), runner.Counts());
        Assert.NotNull(await _f.GaugeAsync("predicted", "instance=\"a\""));
        Assert.Null(await _f.GaugeAsync("predicted", "instance=\"b\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_model_errors_total", "selector=\"s\""));
    }

    [Fact]
    public async Task InferAsync_OneModelFailsToPredict_TheOthersArePublishedAndTheErrorCounted()
    {
        using var runner = _f.Runner(fitter: new FailingFitter(failWhenMeanAbove: 300, failAtPredict: true));
        await runner.FitAsync(CancellationToken.None);

        await runner.InferAsync(CancellationToken.None);

        Assert.NotNull(await _f.GaugeAsync("anomaly_score", "instance=\"a\""));
        Assert.Null(await _f.GaugeAsync("anomaly_score", "instance=\"b\""));
        Assert.True(await _f.GaugeAsync("sidecar_model_errors_total", "selector=\"s\"") >= 1);
    }

    [Fact]
    public async Task FitAsync_PrometheusDown_ReturnsFalseAndIsNotServing()
    {
        using var runner = _f.Runner();
        _f.Reader.Failing = true;

        Assert.False(await runner.FitAsync(CancellationToken.None));

        Assert.False(runner.IsServing);
        Assert.Equal((0, 0), runner.Counts());
    }

    [Fact]
    public async Task Restore_AfterAFit_ServesTheSamePredictionsWithoutReadingOrFitting()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
        }

        var before = await _f.GaugeAsync("predicted", "instance=\"a\"");
        Assert.Null(before);
        _f.Reader.ClearQueries();
        var fitter = new CountingFitter();
        using var second = _f.Runner(fitter: fitter);

        Assert.True(second.Restore());

        Assert.True(second.IsServing);
        Assert.Equal((2, 0), second.Counts());
        Assert.Empty(_f.Reader.Queries);
        Assert.Equal(0, fitter.Prepared);
        var evalMs = StepGrid.AlignDown(_f.NowMs, 60_000);
        var restored = await _f.GaugeAsync("predicted", "instance=\"a\"");
        Assert.InRange(restored!.Value, SeriesData.Expected(evalMs) - 3, SeriesData.Expected(evalMs) + 3);
        Assert.Equal(RunnerFixture.Start.ToUnixTimeMilliseconds(), second.FittedAt!.Value.ToUnixTimeMilliseconds());
    }

    // With two shards, instance "a" hashes to shard 0 and "b" to shard 1 (SeriesShard.Hash; asserted below).
    [Fact]
    public async Task Fit_Sharded_ModelsAndExposesOnlyTheSeriesItOwns()
    {
        var shard = SeriesShard.TryCreate(2, 1, out _)!;
        Assert.False(shard.Owns(RunnerFixture.Labels("a"), "requests"));
        Assert.True(shard.Owns(RunnerFixture.Labels("b"), "requests"));
        using var runner = _f.Runner(shard: shard);

        Assert.True(await runner.FitAsync(CancellationToken.None));
        await runner.InferAsync(CancellationToken.None);

        Assert.Equal((1, 0), runner.Counts());
        Assert.Null(await _f.GaugeAsync("predicted", "instance=\"a\""));
        Assert.NotNull(await _f.GaugeAsync("predicted", "instance=\"b\""));
        Assert.Equal(1, await _f.GaugeAsync("sidecar_shard_series_not_owned", "selector=\"s\""));
    }

    [Fact]
    public async Task Restore_UnderAnotherShardCount_RestoresOnlyTheSeriesItOwnsNow()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
            Assert.Equal((2, 0), first.Counts());
        }

        using var second = _f.Runner(shard: SeriesShard.TryCreate(2, 0, out _));

        Assert.True(second.Restore());

        Assert.Equal((1, 0), second.Counts());
        Assert.NotNull(await _f.GaugeAsync("predicted", "instance=\"a\""));
        Assert.Null(await _f.GaugeAsync("predicted", "instance=\"b\""));
    }

    [Fact]
    public async Task Restore_ServesAtOnceButIsReadyOnlyAfterItsFirstInferenceScored()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
            Assert.True(first.IsReady);
        }

        using var second = _f.Runner();
        Assert.True(second.Restore());
        Assert.True(second.IsServing);
        Assert.False(second.IsReady);
        Assert.Null(await _f.GaugeAsync("anomaly_score", "instance=\"a\""));

        Assert.True(await second.InferAsync(CancellationToken.None));

        Assert.True(second.IsReady);
        Assert.NotNull(await _f.GaugeAsync("anomaly_score", "instance=\"a\""));
    }

    [Fact]
    public async Task Restore_SelectorModelSettingsChanged_DoesNotRestore()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
        }

        using var changed = _f.Runner(RunnerFixture.Selector(
            "{name: s, match: 'requests{job=\"api\"}', model: {interval_width: 0.9}}"));

        Assert.False(changed.Restore());
        Assert.False(changed.IsServing);
        Assert.Equal(0, await _f.GaugeAsync("sidecar_state_load_failures_total", "selector=\"s\""));
    }

    [Fact]
    public async Task Restore_ScheduleOnlySettingsChanged_StillRestores()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
        }

        using var changed = _f.Runner(RunnerFixture.Selector("{name: s, match: 'requests{job=\"api\"}', infer_every: 30s, fit_every: 2h}"));

        Assert.True(changed.Restore());
    }

    [Fact]
    public async Task Restore_CorruptStateFile_IsCountedIgnoredAndNotServing()
    {
        using (var first = _f.Runner())
        {
            await first.FitAsync(CancellationToken.None);
        }

        var path = _f.Store.PathFor("s");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        using var second = _f.Runner();

        Assert.False(second.Restore());
        Assert.Equal(1, await _f.GaugeAsync("sidecar_state_load_failures_total", "selector=\"s\""));
        Assert.True(await second.FitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FitAsync_UnwritableStateDirectory_CountsTheFailureAndKeepsServing()
    {
        await File.WriteAllTextAsync(_f.Storage, "a file blocks the directory");
        try
        {
            _f.Store = new Sidecar.State.StateStore(_f.Storage);
            using var runner = _f.Runner();

            Assert.True(await runner.FitAsync(CancellationToken.None));
            Assert.True(await runner.InferAsync(CancellationToken.None));

            Assert.Equal(1, await _f.GaugeAsync("sidecar_state_write_failures_total", "selector=\"s\""));
            Assert.Equal(2, await _f.CountAsync("anomaly_score"));
        }
        finally
        {
            File.Delete(_f.Storage);
        }
    }

    [Fact]
    public async Task AdoptFrom_SameModelSettings_KeepsModelsGaugesAndFitTime()
    {
        var metrics = _f.Self.ForSelector("s");
        using var old = _f.Runner(metrics: metrics);
        await old.FitAsync(CancellationToken.None);
        await old.InferAsync(CancellationToken.None);
        var fitter = new CountingFitter();
        using var adopted = _f.Runner(RunnerFixture.Selector("{name: s, match: 'requests{job=\"api\"}', infer_every: 30s}"), fitter, metrics);

        adopted.AdoptFrom(old, sameGaugeNames: true);
        old.Dispose();

        Assert.True(adopted.IsServing);
        Assert.Equal((2, 0), adopted.Counts());
        Assert.Equal(2, await _f.CountAsync("anomaly_score"));
        Assert.Equal(RunnerFixture.Start.ToUnixTimeMilliseconds(), adopted.FittedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(0, fitter.Prepared);
    }

    [Fact]
    public async Task Dispose_RemovesEveryGaugeOfTheSelector()
    {
        var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);

        Assert.Equal(2, await _f.CountAsync("sidecar_series_model_info"));

        runner.Dispose();

        Assert.Equal(0, await _f.CountAsync("predicted"));
        Assert.Equal(0, await _f.CountAsync("anomaly_score"));
        Assert.Equal(0, await _f.CountAsync("sidecar_series_model_info"));
    }

    [Fact]
    public async Task FitAsync_RefitChangesTheModelFamily_GaugesStayAndTheModelInfoSwitches()
    {
        var fitter = new RelabellingFitter { Kind = ModelKind.Prophet };
        using var runner = _f.Runner(fitter: fitter);
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);
        var before = (await _f.SamplesAsync()).Where(l => l.StartsWith("anomaly_score{", StringComparison.Ordinal)).Select(l => l[..l.LastIndexOf(' ')]).ToList();

        fitter.Kind = ModelKind.Ewma;
        _f.Time.Advance(TimeSpan.FromHours(1));
        await runner.FitAsync(CancellationToken.None);
        await runner.InferAsync(CancellationToken.None);

        var after = (await _f.SamplesAsync()).Where(l => l.StartsWith("anomaly_score{", StringComparison.Ordinal)).Select(l => l[..l.LastIndexOf(' ')]).ToList();
        Assert.Equal(2, before.Count);
        Assert.Equal(before, after);
        var info = (await _f.SamplesAsync()).Where(l => l.StartsWith("sidecar_series_model_info{", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, info.Count);
        Assert.All(info, l => Assert.Contains("model=\"ewma\"", l, StringComparison.Ordinal));
    }

    /// <summary>Fault injection: the real models, reported as the family <see cref="Kind"/> says (a refit that changes it).</summary>
    private sealed class RelabellingFitter : IModelFitter
    {
        private readonly GridModelFitter _real = new();

        public ModelKind Kind { get; set; }

        public SeriesFit Prepare(long[] timestampsMs, ModelOptions options)
        {
            var fit = _real.Prepare(timestampsMs, options);
            var kind = Kind;
            return values => new Relabelled(fit(values), kind);
        }

        private sealed class Relabelled(IFittedModel inner, ModelKind kind) : IFittedModel
        {
            public ModelKind Kind => kind;

            public ModelOptions Options => inner.Options;

            public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper) =>
                inner.Predict(timestampsMs, predicted, lower, upper);
        }
    }

    /// <summary>Fault injection: the real models, except that series whose mean exceeds a bound fail.</summary>
    private sealed class FailingFitter(double failWhenMeanAbove, bool failAtPredict = false) : IModelFitter
    {
        private readonly GridModelFitter _real = new();

        public SeriesFit Prepare(long[] timestampsMs, ModelOptions options)
        {
            var fit = _real.Prepare(timestampsMs, options);
            return values =>
            {
                var sum = 0.0;
                var n = 0;
                foreach (var v in values)
                {
                    if (!double.IsNaN(v))
                    {
                        sum += v;
                        n++;
                    }
                }

                if (sum / n <= failWhenMeanAbove)
                {
                    return fit(values);
                }

                return failAtPredict ? new ThrowingModel(fit(values)) : throw new InvalidOperationException("injected fit failure");
            };
        }

        private sealed class ThrowingModel(IFittedModel inner) : IFittedModel
        {
            public ModelKind Kind => inner.Kind;

            public ModelOptions Options => inner.Options;

            public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper) =>
                throw new InvalidOperationException("injected predict failure");
        }
    }

    /// <summary>The real models, counting how often a fit is prepared.</summary>
    private sealed class CountingFitter : IModelFitter
    {
        private int _prepared;

        public int Prepared => _prepared;

        public SeriesFit Prepare(long[] timestampsMs, ModelOptions options)
        {
            Interlocked.Increment(ref _prepared);
            return new GridModelFitter().Prepare(timestampsMs, options);
        }
    }
}
