using System.Net;
using Sidecar.Testing;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// The sidecar binary with only real parts around it (see <see cref="EndToEndFixture"/>): the alert fires once on an
/// injected anomaly and resolves after it; a killed sidecar serves its models again without refitting; and it rides
/// out Prometheus being down at start, gone mid-run, and hanging.
/// </summary>
public sealed class SidecarEndToEndTests : IClassFixture<EndToEndFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly EndToEndFixture _f;

    public SidecarEndToEndTests(EndToEndFixture fixture)
    {
        _f = fixture;
    }

    public Task InitializeAsync()
    {
        _f.Proxy.Mode = ProxyMode.Forward;
        _f.SetTargetValue(null);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _f.Proxy.Mode = ProxyMode.Forward;
        _f.SetTargetValue(null);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Anomaly_InjectedIntoTheTarget_AlertFiresOnceThroughAlertmanagerThenResolves()
    {
        var start = DateTimeOffset.UtcNow;
        await using var sidecar = _f.StartSidecar(_f.NewStorage());
        await sidecar.WaitReadyAsync(Patience);
        await _f.WaitUntilAsync(async () => await ScoreInPrometheusAsync() is not null, Patience, "Prometheus to scrape anomaly_score", sidecar);

        // Normal traffic for a while: the rule is evaluated every second and must stay quiet.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var quietScore = await ScoreInPrometheusAsync();
        var injectedAt = DateTimeOffset.UtcNow;
        _f.SetTargetValue(300);
        await _f.WaitUntilAsync(() => Task.FromResult(_f.EventsOf("AnomalyDetected", "warning", start).Count > 0), Patience, "AnomalyDetected to fire", sidecar);
        await _f.WaitUntilAsync(() => Task.FromResult(_f.EventsOf("AnomalyDetected", "critical", start).Count > 0), Patience, "the critical AnomalyDetected to fire", sidecar);
        var firingScore = await ScoreInPrometheusAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var endedAt = DateTimeOffset.UtcNow;
        _f.SetTargetValue(null);
        await _f.WaitUntilAsync(
            () => Task.FromResult(_f.EventsOf("AnomalyDetected", "warning", start).Any(e => e.Status == "resolved")
                && _f.EventsOf("AnomalyDetected", "critical", start).Any(e => e.Status == "resolved")),
            Patience,
            "AnomalyDetected to resolve",
            sidecar);

        Assert.InRange(quietScore!.Value, 0, 1);
        Assert.True(firingScore > 2, $"score {firingScore} while the target reports 300");
        foreach (var severity in new[] { "warning", "critical" })
        {
            var events = _f.EventsOf("AnomalyDetected", severity, start);
            Assert.Equal(["firing", "resolved"], events.Select(e => e.Status));
            Assert.True(events[0].ReceivedAt > injectedAt, "fired before the anomaly was injected");
            Assert.True(events[1].ReceivedAt > endedAt, "resolved before the anomaly ended");
            var labels = events[0].Labels;
            Assert.Equal(("checkout", "checkout", "checkout_requests", _f.Target.HostPort),
                (labels["selector"], labels["job"], labels["metric"], labels["instance"]));
        }
    }

    [Fact]
    public async Task Restart_KilledSidecar_ServesItsSavedModelsAgainWithoutRefitting()
    {
        var storage = _f.NewStorage();
        double before;
        await using (var first = _f.StartSidecar(storage))
        {
            await first.WaitReadyAsync(Patience);
            await first.WaitUntilAsync(async () => await first.ValueAsync("anomaly_score") is not null, Patience, "a first score");
            Assert.Equal(1, await first.ValueAsync("sidecar_fit_duration_seconds_count", ("selector", EndToEndFixture.Selector)));
            before = (await first.ValueAsync("predicted"))!.Value;
            Assert.True(System.IO.Directory.EnumerateFiles(Path.Combine(storage, "models"), "*.state").Any(), "no state file after the fit");
        }

        // Disposal sent SIGKILL: no chance to flush anything at exit.
        await using var second = _f.StartSidecar(storage);
        await second.WaitReadyAsync(Patience);
        var predictedAtReady = await second.ValueAsync("predicted");
        await second.WaitUntilAsync(async () => await second.ValueAsync("anomaly_score") is not null, Patience, "a score after the restart");

        Assert.NotNull(predictedAtReady);
        Assert.InRange(predictedAtReady!.Value, before - 5, before + 5);
        Assert.Equal(0, await second.ValueAsync("sidecar_fit_duration_seconds_count", ("selector", EndToEndFixture.Selector)));
        Assert.Equal(0, await second.ValueAsync("sidecar_state_load_failures_total", ("selector", EndToEndFixture.Selector)));
        Assert.Contains("serving predictions without a refit", second.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusDownAtStart_SidecarRunsNotReadyThenRecoversByItself()
    {
        _f.Proxy.Mode = ProxyMode.Down;
        await using var sidecar = _f.StartSidecar(_f.NewStorage());
        await sidecar.WaitUntilAsync(async () => await sidecar.StatusAsync("-/healthy") == HttpStatusCode.OK, Patience, "/-/healthy");
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_fit_duration_seconds_count", ("selector", EndToEndFixture.Selector)) >= 2,
            Patience,
            "two failed fit attempts");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await sidecar.StatusAsync("-/ready"));
        Assert.Equal(0, await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "default")));
        Assert.Null(await sidecar.ValueAsync("predicted"));

        _f.Proxy.Mode = ProxyMode.Forward;
        await sidecar.WaitReadyAsync(Patience);
        await sidecar.WaitUntilAsync(async () => await sidecar.ValueAsync("anomaly_score") is not null, Patience, "a score after recovery");
        Assert.Equal(1, await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "default")));
    }

    [Fact]
    public async Task PrometheusGoneMidRun_PredictionsStayServedUpDropsAndItRecoversByItself()
    {
        var start = DateTimeOffset.UtcNow;
        await using var sidecar = _f.StartSidecar(_f.NewStorage());
        await sidecar.WaitReadyAsync(Patience);
        await sidecar.WaitUntilAsync(async () => await sidecar.ValueAsync("anomaly_score") is not null, Patience, "a first score");

        _f.Proxy.Mode = ProxyMode.Down;
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "default")) == 0, Patience, "remote_read_up to drop to 0");
        await _f.WaitUntilAsync(
            () => Task.FromResult(_f.EventsOf("SidecarRemoteReadDown", "critical", start).Any(e => e.Status == "firing")),
            Patience,
            "the shipped SidecarRemoteReadDown alert to fire",
            sidecar);
        var inferencesWhileDown = await sidecar.ValueAsync("sidecar_inference_duration_seconds_count", ("selector", EndToEndFixture.Selector));

        Assert.Equal(HttpStatusCode.OK, await sidecar.StatusAsync("-/ready"));
        Assert.NotNull(await sidecar.ValueAsync("predicted"));
        Assert.NotNull(await sidecar.ValueAsync("predicted_lower"));

        _f.Proxy.Mode = ProxyMode.Forward;
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "default")) == 1, Patience, "remote_read_up back to 1");
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_inference_duration_seconds_count", ("selector", EndToEndFixture.Selector)) > inferencesWhileDown + 2,
            Patience,
            "inference to carry on");
        await _f.WaitUntilAsync(
            () => Task.FromResult(_f.EventsOf("SidecarRemoteReadDown", "critical", start).Any(e => e.Status == "resolved")),
            Patience,
            "SidecarRemoteReadDown to resolve",
            sidecar);
    }

    [Fact]
    public async Task PrometheusHangs_ReadsTimeOutRunsAreSkippedNotPiledUp_ThenRecovers()
    {
        await using var sidecar = _f.StartSidecar(_f.NewStorage());
        await sidecar.WaitReadyAsync(Patience);
        await sidecar.WaitUntilAsync(async () => await sidecar.ValueAsync("anomaly_score") is not null, Patience, "a first score");
        var skippedBefore = await sidecar.ValueAsync("sidecar_runs_skipped_total", ("selector", EndToEndFixture.Selector), ("kind", "inference"));

        _f.Proxy.Mode = ProxyMode.Stall;
        _f.Proxy.ResetCounters();
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_remote_read_responses_total", ("source", "default"), ("code", "error")) >= 2,
            Patience,
            "timed-out reads to be counted");
        await Task.Delay(TimeSpan.FromSeconds(5));

        // One inference at a time, one request at a time (a retry follows its timeout): never a pile-up.
        Assert.InRange(_f.Proxy.MaxOpenConnections, 1, 2);
        Assert.True(
            await sidecar.ValueAsync("sidecar_runs_skipped_total", ("selector", EndToEndFixture.Selector), ("kind", "inference")) > skippedBefore,
            "ticks during a hung read were not skipped");
        Assert.Equal(0, await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "default")));
        Assert.NotNull(await sidecar.ValueAsync("predicted"));

        _f.Proxy.Mode = ProxyMode.Forward;
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "default")) == 1, Patience, "remote_read_up back to 1");
    }

    [Fact]
    public async Task Reload_KeepsUnchangedModels_RejectsABadFileKeepingTheOld_RefitsAChangedSelector()
    {
        var config = Path.Combine(_f.Directory, "reload-" + Guid.NewGuid().ToString("N")[..8] + ".yml");
        await File.WriteAllTextAsync(config, _f.ConfigText());
        await using var sidecar = _f.StartSidecar(_f.NewStorage(), config);
        await sidecar.WaitReadyAsync(Patience);
        await sidecar.WaitUntilAsync(async () => await sidecar.ValueAsync("anomaly_score") is not null, Patience, "a first score");
        (string, string) selector = ("selector", EndToEndFixture.Selector);

        // The same file again: nothing to refit.
        var same = await sidecar.PostAsync("-/reload");
        // A broken file: refused with its line and column, the running configuration stays.
        await File.WriteAllTextAsync(config, _f.ConfigText(selector: "fit_evry: 1h"));
        var broken = await sidecar.PostAsync("-/reload");
        var successAfterBroken = await sidecar.ValueAsync("sidecar_config_last_reload_successful");
        var inferences = await sidecar.ValueAsync("sidecar_inference_duration_seconds_count", selector);
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_inference_duration_seconds_count", selector) > inferences + 1, Patience, "inference to carry on");
        // Schedule and naming changed, model settings not, by SIGHUP: models kept, gauges renamed at once.
        await File.WriteAllTextAsync(config, _f.ConfigText(selector: "infer_every: 2s", top: "output_naming: vmanomaly"));
        await sidecar.SignalHangupAsync();
        await sidecar.WaitUntilAsync(async () => await sidecar.ValueAsync("yhat", ("for", EndToEndFixture.Selector)) is not null, Patience, "yhat after SIGHUP");
        var fitsAfterRename = await sidecar.ValueAsync("sidecar_fit_duration_seconds_count", selector);
        var oldNames = await sidecar.ValueAsync("predicted");
        // A model setting changed: that selector refits.
        await File.WriteAllTextAsync(config, _f.ConfigText(selector: "model: {interval_width: 0.95}", top: "output_naming: vmanomaly"));
        var changed = await sidecar.PostAsync("-/reload");
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_fit_duration_seconds_count", selector) == 2, Patience, "a refit of the changed selector");

        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, broken.Status);
        Assert.Matches(@"reload-\w+\.yml:\d+:\d+", broken.Body);
        Assert.Equal(0, successAfterBroken);
        Assert.Equal(1, fitsAfterRename);
        Assert.Null(oldNames);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(1, await sidecar.ValueAsync("sidecar_config_last_reload_successful"));
        Assert.Equal(HttpStatusCode.OK, await sidecar.StatusAsync("-/ready"));
    }

    [Fact]
    public async Task Metrics_OfTheRunningSidecar_PassPromtoolCheckMetrics()
    {
        await using var sidecar = _f.StartSidecar(_f.NewStorage());
        await sidecar.WaitReadyAsync(Patience);
        await sidecar.WaitUntilAsync(async () => await sidecar.ValueAsync("anomaly_score") is not null, Patience, "a first score");

        var text = await sidecar.MetricsTextAsync();
        var (exitCode, output) = await MetricsText.PromtoolCheckAsync(text);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics ({exitCode}):\n{output}\n---\n{text}");
        foreach (var family in new[] { "anomaly_score", "predicted", "predicted_lower", "predicted_upper", "value", "sidecar_build_info" })
        {
            Assert.Contains($"# HELP {family} ", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }
    }

    private async Task<double?> ScoreInPrometheusAsync()
    {
        var result = await _f.Prometheus.QueryAsync(
            $"anomaly_score{{selector=\"{EndToEndFixture.Selector}\",job=\"checkout\"}}", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return result.Count == 0 ? null : result[0].Values[0];
    }
}
