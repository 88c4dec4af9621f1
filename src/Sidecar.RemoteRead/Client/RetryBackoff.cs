namespace Sidecar.RemoteRead.Client;

/// <summary>
/// Exponential backoff with jitter: the n-th retry (0-based) waits a random time in [d/2, d] with
/// d = min(max_backoff, min_backoff · 2ⁿ), or the server's <c>Retry-After</c> when longer, never beyond max_backoff.
/// Thread-safe when the random source is (<see cref="Random.Shared"/> is).
/// </summary>
internal sealed class RetryBackoff(TimeSpan minBackoff, TimeSpan maxBackoff, Random random)
{
    public TimeSpan Delay(int retry, TimeSpan? retryAfter = null)
    {
        var ceiling = minBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 62));
        ceiling = Math.Min(ceiling, maxBackoff.TotalMilliseconds);
        var delay = (ceiling / 2) + (random.NextDouble() * ceiling / 2);
        if (retryAfter is { } after && after.TotalMilliseconds > delay)
        {
            delay = Math.Min(after.TotalMilliseconds, maxBackoff.TotalMilliseconds);
        }

        return TimeSpan.FromMilliseconds(delay);
    }
}
