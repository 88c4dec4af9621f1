using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.State;
using Sidecar.Testing;

namespace Sidecar.Tests.Scheduling;

/// <summary>The service against a real Prometheus on a fake clock: a reload is all or nothing.</summary>
public sealed class SidecarServiceReloadTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("sidecar-reload-");
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Readiness _readiness = new();
    private readonly SchedulerLimits _limits = new(fitParallelism: 2);
    private FailingTimers _time = null!;
    private PrometheusServer _prometheus = null!;
    private SidecarService _service = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        var series = new[] { "a", "b", "c" }.Select(name =>
        {
            var timestamps = Enumerable.Range(0, 6 * 60).Select(i => end - i * 60_000L).Reverse().ToArray();
            var values = timestamps.Select((_, i) => 10.0 + (i % 7)).ToArray();
            return new TimeSeries(LabelSet.From(("__name__", $"metric_{name}"), ("job", "reload-test")), timestamps, values);
        });
        _prometheus = await PrometheusServer.StartAsync(series);
        _time = new FailingTimers(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(end + 30_000)));
        _config = _directory.File("sidecar.yml");
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _limits.Dispose();
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    private string Config(params string[] selectors) => $"""
        remote_read:
          - url: {_prometheus.RemoteReadUrl}
        defaults:
          fit_window: 6h
          min_history: 1h
        selectors:
        {string.Join("\n", selectors.Select(s => $"  - {{name: {s}, match: 'metric_{s}'}}"))}
        """;

    private async Task StartAsync(string config, bool allowEmptyReload = false)
    {
        await File.WriteAllTextAsync(_config, config);
        _service = new SidecarService(
            new SidecarServiceOptions(_config, AllowEmptyReload: allowEmptyReload), new StateStore(_directory.File("data")),
            new SelfMetrics(Metrics.WithCustomRegistry(_registry)), Metrics.WithCustomRegistry(_registry), new ScrapeGate(), _readiness,
            new GridModelFitter(), _limits,
            new ExclusionBook(new ExclusionStore(_directory.File("data"), _time), new ExclusionMetrics(Metrics.WithCustomRegistry(_registry)), _time, NullLogger<ExclusionBook>.Instance),
            _time, NullLoggerFactory.Instance);
        await _service.StartAsync(CancellationToken.None);
        await IdleAsync();
    }

    private async Task IdleAsync()
    {
        foreach (var schedule in _service.Schedules.Values)
        {
            await schedule.WhenIdleAsync();
        }
    }

    private async Task<double?> ValueAsync(string name, string selector)
    {
        var prefix = name + "{";
        var line = MetricsText.Samples(await MetricsText.RenderAsync(_registry))
            .FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains($"selector=\"{selector}\"", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<double?> SelfAsync(string name)
    {
        var line = MetricsText.Samples(await MetricsText.RenderAsync(_registry)).FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Reload_ASelectorFailsToBuild_EveryOldSelectorKeepsRunning()
    {
        await StartAsync(Config("a", "b", "c"));
        var before = _service.Schedules;
        var inferences = new Dictionary<string, double?>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            inferences[name] = await ValueAsync("sidecar_inference_duration_seconds_count", name);
        }

        // The new file adds d; building the second selector's timers throws, as a timer beyond 49.7 days did.
        await File.WriteAllTextAsync(_config, Config("a", "b", "c", "d"));
        _time.FailAfter = 2;
        var result = await _service.ReloadAsync(CancellationToken.None);
        _time.FailAfter = null;
        _time.Fake.Advance(TimeSpan.FromMinutes(1));
        await IdleAsync();

        Assert.False(result.Success);
        Assert.Equal(before.Keys.Order(), _service.Schedules.Keys.Order());
        Assert.All(before, s => Assert.Same(s.Value, _service.Schedules[s.Key]));
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.True(await ValueAsync("sidecar_inference_duration_seconds_count", name) > inferences[name], $"selector {name} stopped");
            Assert.NotNull(await ValueAsync("anomaly_score", name));
        }

        Assert.Null(await ValueAsync("sidecar_fit_duration_seconds_count", "d"));
        Assert.Equal(0, await SelfAsync("sidecar_config_last_reload_successful"));
        Assert.True(_readiness.IsReady);
    }

    [Fact]
    public async Task Reload_NoSelectorsWhileSelectorsRun_IsRefusedAndEveryGaugeStays()
    {
        await StartAsync(Config("a", "b"));

        await File.WriteAllTextAsync(_config, "");
        var result = await _service.ReloadAsync(CancellationToken.None);

        Assert.False(result.Success);
        Assert.StartsWith("the new configuration has no selectors; ", result.Error);
        Assert.Equal(2, _service.Schedules.Count);
        Assert.NotNull(await ValueAsync("anomaly_score", "a"));
        Assert.Equal(0, await SelfAsync("sidecar_config_last_reload_successful"));
    }

    [Fact]
    public async Task Reload_NoSelectorsWithAllowEmptyReload_IsAppliedAndCounted()
    {
        await StartAsync(Config("a"), allowEmptyReload: true);

        await File.WriteAllTextAsync(_config, "");
        var result = await _service.ReloadAsync(CancellationToken.None);

        Assert.True(result.Success);
        Assert.Empty(_service.Schedules);
        Assert.Null(await ValueAsync("anomaly_score", "a"));
        Assert.Equal(1, await SelfAsync("sidecar_config_reload_empty_total"));
    }

    /// <summary>A fake clock whose timer creation throws once <see cref="FailAfter"/> more timers were created.</summary>
    private sealed class FailingTimers(FakeTimeProvider fake) : TimeProvider
    {
        private int _created;

        public FakeTimeProvider Fake => fake;

        public int? FailAfter
        {
            get;
            set
            {
                field = value;
                _created = 0;
            }
        }

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => fake.GetTimestamp();

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

        public override System.Threading.ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (FailAfter is { } limit && ++_created > limit)
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), "timer creation failed (test)");
            }

            return fake.CreateTimer(callback, state, dueTime, period);
        }
    }
}
