using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Exposition;

/// <summary>
/// The remote-write queue against a loopback receiver that injects faults: a 4xx is never retried and counted
/// failed, a 5xx is retried until accepted, a full queue drops its oldest and counts them.
/// </summary>
public sealed class RemoteWriteQueueTests
{
    private readonly SelfMetrics _self = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));

    [Fact]
    public async Task Send_ReceiverAnswers400_NotRetried_SamplesCountedFailed()
    {
        var requests = 0;
        await using var receiver = LoopbackHttpServer.Start(_ =>
        {
            Interlocked.Increment(ref requests);
            return new LoopbackResponse(400, "text/plain", "out of order sample");
        });
        var metrics = _self.ForRemoteWrite("rw");
        await using (var queue = new RemoteWriteQueue(Config(receiver, maxRetries: 3), metrics, TimeProvider.System, NullLogger.Instance))
        {
            queue.Enqueue(Samples(3));
            await Eventually.WaitAsync(() => Task.FromResult(metrics.Failed.Value == 3), "3 samples counted failed");
            await Task.Delay(300);
            Assert.Equal(0, queue.Count);
        }

        Assert.Equal(1, requests);
        Assert.Equal(0, metrics.Retries.Value);
        Assert.Equal(0, metrics.Sent.Value);
        Assert.Equal(0, metrics.Dropped.Value);
        Assert.Equal(0, metrics.LastSuccess.Value);
    }

    [Fact]
    public async Task Send_ReceiverAnswers503Twice_RetriedThenSent()
    {
        var requests = 0;
        await using var receiver = LoopbackHttpServer.Start(_ =>
            Interlocked.Increment(ref requests) <= 2 ? new LoopbackResponse(503, "text/plain", "try later") : LoopbackResponse.Ok);
        var metrics = _self.ForRemoteWrite("rw");
        await using var queue = new RemoteWriteQueue(Config(receiver, maxRetries: 3), metrics, TimeProvider.System, NullLogger.Instance);

        queue.Enqueue(Samples(3));
        await Eventually.WaitAsync(() => Task.FromResult(metrics.Sent.Value == 3), "3 samples sent");

        Assert.Equal(3, requests);
        Assert.Equal(2, metrics.Retries.Value);
        Assert.Equal(0, metrics.Failed.Value);
        Assert.Equal(0, queue.Count);
        Assert.InRange(metrics.LastSuccess.Value, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task Send_ReceiverDown_KeepsNewestUpToCapacity_DropsOldestCounted()
    {
        var requests = 0;
        await using var receiver = LoopbackHttpServer.Start(_ =>
        {
            Interlocked.Increment(ref requests);
            return new LoopbackResponse(503, "text/plain", "down");
        });
        var metrics = _self.ForRemoteWrite("rw");
        var config = Config(receiver, maxRetries: 0) with { QueueCapacity = 5, MaxSamplesPerSend = 5 };
        var queue = new RemoteWriteQueue(config, metrics, TimeProvider.System, NullLogger.Instance);
        queue.Enqueue(Samples(4));
        queue.Enqueue(Samples(4));

        Assert.Equal(5, queue.Count);
        Assert.Equal(3, metrics.Dropped.Value);
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref requests) >= 1), "a first attempt");
        Assert.Equal(0, metrics.Failed.Value);

        await queue.DisposeAsync();
        Assert.Equal(3 + 5, metrics.Dropped.Value);
        Assert.Equal(0, metrics.Queued.Value);
    }

    private static RemoteWriteConfig Config(LoopbackHttpServer receiver, int maxRetries) =>
        new(
            "rw",
            new RemoteWriteClientOptions
            {
                Http = new RemoteReadClientOptions
                {
                    Url = new Uri(receiver.BaseAddress, "api/v1/write"),
                    MaxRetries = maxRetries,
                    MinBackoff = TimeSpan.FromMilliseconds(10),
                    MaxBackoff = TimeSpan.FromMilliseconds(50),
                    RemoteTimeout = TimeSpan.FromSeconds(5),
                },
            },
            RemoteWriteConfig.DefaultFamilies);

    private static List<TimeSeries> Samples(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TimeSeries(
            LabelSet.From(("__name__", "anomaly_score"), ("series", i.ToString(System.Globalization.CultureInfo.InvariantCulture))), [1_700_000_000_000L], [i]))];
}
