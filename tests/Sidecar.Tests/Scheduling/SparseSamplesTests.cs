using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;

namespace Sidecar.Tests.Scheduling;

/// <summary>
/// Samples further apart than the 5-minute lookback leave steps without a point: a selector whose every step misses
/// used to log "0 series modelled, 0 warming up" and nothing else.
/// </summary>
public sealed class SparseSamplesTests : IDisposable
{
    private const long Minute = 60_000;
    private readonly RunnerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task FitAsync_SamplesEvery10MinutesOffTheSteps_WarnsAndPublishesTheSpacing()
    {
        // Every 10 minutes at :03, :13, ...; steps of 10m at :00, :10, ... see a sample 7 minutes old: none.
        var end = _f.NowMs;
        var timestamps = Enumerable.Range(0, 2 * 24 * 6).Select(i => (end / (10 * Minute) * 10 * Minute) - (i * 10 * Minute) - (7 * Minute)).Reverse().ToArray();
        _f.Reader.Add(new TimeSeries(LabelSet.From(("__name__", "sparse"), ("job", "batch")), timestamps, timestamps.Select(_ => 5.0).ToArray()));
        var selector = RunnerFixture.Selector("{name: sparse, match: sparse, step: 10m}");
        var log = new ListLogger();
        using var runner = _f.Runner(selector, logger: log);

        Assert.True(await runner.FitAsync(CancellationToken.None));

        Assert.Equal((0, 0), runner.Counts());
        Assert.Equal(600, await _f.GaugeAsync("sidecar_fit_sample_spacing_seconds", "selector=\"sparse\""));
        var warning = Assert.Single(log.Lines, l => l.Contains("further apart than the 300s lookback", StringComparison.Ordinal));
        Assert.Contains("selector sparse: its samples come every 600s", warning);
    }

    [Fact]
    public async Task FitAsync_MinuteSamples_PublishTheSpacingWithoutAWarning()
    {
        var log = new ListLogger();
        using var runner = _f.Runner(logger: log);

        Assert.True(await runner.FitAsync(CancellationToken.None));

        Assert.Equal(60, await _f.GaugeAsync("sidecar_fit_sample_spacing_seconds", "selector=\"s\""));
        Assert.DoesNotContain(log.Lines, l => l.Contains("lookback", StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
