using Microsoft.Extensions.Time.Testing;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.RemoteRead.Tests;

/// <summary>Backoff and timeouts run on the injected <see cref="TimeProvider"/>, not the wall clock.</summary>
public sealed class RemoteReadClientClockTests
{
    private static readonly ReadQuery Query = new(0, 60_000, [new Matcher(MatchType.Equal, "__name__", "up")]);

    [Fact]
    public async Task ReadAsync_503ThenSuccess_RetriesOnlyWhenTheInjectedClockPassesTheBackoff()
    {
        await using var server = new LoopbackServer((r, c) => r.Index == 0
            ? c.RespondAsync(503, "text/plain", "busy"u8.ToArray())
            : c.RespondAsync(200, ResponseEncoder.StreamedContentType, []));
        var clock = new FakeTimeProvider();
        using var client = new RemoteReadClient(Options(server), timeProvider: clock);

        var read = client.ReadAsync(Query);
        await WaitUntilAsync(() => server.Requests.Count == 1);
        await Task.Delay(200);
        Assert.False(read.IsCompleted);
        Assert.Single(server.Requests);

        // min_backoff is 1h, so the first retry waits 30-60 min of the injected clock; step it forward
        // (in steps, as the delay may be scheduled just after a step).
        for (var i = 0; i < 100 && !read.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(50);
        }

        Assert.Empty(await read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(clock.GetUtcNow() - clock.Start >= TimeSpan.FromMinutes(30), "retried before the backoff elapsed");
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_ServerStalls_TimesOutWhenTheInjectedClockPassesRemoteTimeout()
    {
        using var release = new CancellationTokenSource();
        await using var server = new LoopbackServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, null);
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var clock = new FakeTimeProvider();
        var observer = new RecordingObserver();
        using var client = new RemoteReadClient(Options(server) with { RemoteTimeout = TimeSpan.FromMinutes(10) }, observer, clock);

        var read = client.ReadAsync(Query);
        await WaitUntilAsync(() => server.Requests.Count == 1);
        await Task.Delay(200);
        Assert.False(read.IsCompleted);

        clock.Advance(TimeSpan.FromMinutes(10));
        await Assert.ThrowsAsync<RemoteReadTimeoutException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        await release.CancelAsync();

        var report = Assert.Single(observer.Reports);
        Assert.Equal((RemoteReadOutcome.Timeout, TimeSpan.FromMinutes(10)), (report.Outcome, report.Duration));
    }

    [Fact]
    public async Task ReadAsync_CancelledDuringBackoff_ThrowsOperationCanceled()
    {
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(500, "text/plain", "down"u8.ToArray()));
        using var client = new RemoteReadClient(Options(server), timeProvider: new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();

        var read = client.ReadAsync(Query, cancel.Token);
        await WaitUntilAsync(() => server.Requests.Count == 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(server.Requests);
    }

    private static RemoteReadClientOptions Options(LoopbackServer server) => new()
    {
        Url = server.Url,
        MinBackoff = TimeSpan.FromHours(1),
        MaxBackoff = TimeSpan.FromHours(2),
        RemoteTimeout = TimeSpan.FromHours(1),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "condition not reached in 6 s");
    }
}
