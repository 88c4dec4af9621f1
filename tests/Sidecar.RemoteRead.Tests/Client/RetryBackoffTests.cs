using Sidecar.RemoteRead.Client;

namespace Sidecar.RemoteRead.Tests.Client;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Delay_GrowsExponentiallyWithJitterAndIsCapped()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(1));

        for (var round = 0; round < 100; round++)
        {
            Assert.InRange(backoff.Delay(0).TotalMilliseconds, 50, 100);
            Assert.InRange(backoff.Delay(1).TotalMilliseconds, 100, 200);
            Assert.InRange(backoff.Delay(3).TotalMilliseconds, 400, 800);
            Assert.InRange(backoff.Delay(10).TotalMilliseconds, 500, 1000);
            Assert.InRange(backoff.Delay(1000).TotalMilliseconds, 500, 1000);
        }
    }

    [Fact]
    public void Delay_JitterSpreadsDelays()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(2));

        var delays = Enumerable.Range(0, 50).Select(_ => backoff.Delay(2)).Distinct().Count();

        Assert.True(delays > 40, $"only {delays} distinct delays");
    }

    [Fact]
    public void Delay_RetryAfter_IsHonouredUpToMaxBackoff()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), new Random(3));

        Assert.Equal(TimeSpan.FromSeconds(1.5), backoff.Delay(0, TimeSpan.FromSeconds(1.5)));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(0, TimeSpan.FromSeconds(30)));
    }
}
