using Sidecar.Config;
using Sidecar.RemoteRead;

namespace Sidecar.Exposition;

/// <summary>
/// The samples bound for one <c>remote_write</c> receiver, and the loop that sends them. <see cref="Enqueue"/> only
/// takes a short lock, so publishing (and with it fitting and <c>/metrics</c>) never waits on the receiver; the loop
/// sends the oldest samples in batches of at most <c>max_samples_per_send</c>, in queue order. A sample leaves the
/// queue when the receiver accepts it (counted sent), refuses it with a 4xx (counted failed, never retried, as the
/// spec says), or is pushed out: past <c>queue_capacity</c> the oldest are dropped (counted and logged). A 5xx, 429,
/// connection error or timeout keeps the batch queued: the client retries it <c>max_retries</c> times with backoff,
/// then the loop waits <c>max_backoff</c> and tries again, so while the receiver is down the queue fills and drops
/// its oldest. <see cref="DisposeAsync"/> stops the loop and counts what is left as dropped. Thread-safe.
/// </summary>
public sealed class RemoteWriteQueue : IAsyncDisposable
{
    /// <summary>How long the loop lets a step's samples gather before sending a batch that is not full.</summary>
    public static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(100);

    private readonly RemoteWriteClient _client;
    private readonly RemoteWriteMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<(long Seq, TimeSeries Sample)> _queue = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _nextSeq;
    private long _droppedUnlogged;
    private int _signalled;

    /// <summary>Starts the sending loop of <paramref name="config"/>; counts into <paramref name="metrics"/>.</summary>
    /// <exception cref="ArgumentException">The client options are invalid.</exception>
    public RemoteWriteQueue(RemoteWriteConfig config, RemoteWriteMetrics metrics, TimeProvider time, ILogger logger)
    {
        Config = config;
        _client = new RemoteWriteClient(config.Client, time);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The entry's configuration.</summary>
    public RemoteWriteConfig Config { get; }

    /// <summary>Samples queued now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="samples"/> (each one series with one sample), dropping the oldest past the capacity.</summary>
    public void Enqueue(IEnumerable<TimeSeries> samples)
    {
        var dropped = 0;
        int count;
        lock (_lock)
        {
            foreach (var sample in samples)
            {
                if (_queue.Count >= Config.QueueCapacity)
                {
                    _queue.Dequeue();
                    dropped++;
                }

                _queue.Enqueue((_nextSeq++, sample));
            }

            count = _queue.Count;
            _droppedUnlogged += dropped;
        }

        if (dropped > 0)
        {
            _metrics.Dropped.Inc(dropped);
        }

        _metrics.Queued.Set(count);
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Stops the loop (an unfinished request is abandoned) and counts the samples left as dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop's own stop.
        }

        int left;
        lock (_lock)
        {
            left = _queue.Count;
            _queue.Clear();
        }

        if (left > 0)
        {
            _metrics.Dropped.Inc(left);
            RemoteWriteLog.DroppedAtStop(_logger, Config.Name, left);
        }

        _metrics.Queued.Set(0);
        _client.Dispose();
        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _signalled, 0);
            if (Count < Config.MaxSamplesPerSend)
            {
                await Task.Delay(GatherDelay, _time, cancellationToken).ConfigureAwait(false);
            }

            while (Batch() is { Count: > 0 } batch)
            {
                await SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private List<(long Seq, TimeSeries Sample)>? Batch()
    {
        long dropped;
        List<(long, TimeSeries)> batch;
        lock (_lock)
        {
            dropped = _droppedUnlogged;
            _droppedUnlogged = 0;
            batch = [.. _queue.Take(Config.MaxSamplesPerSend)];
        }

        if (dropped > 0)
        {
            RemoteWriteLog.Dropped(_logger, Config.Name, Config.QueueCapacity, dropped);
        }

        return batch;
    }

    private async Task SendAsync(List<(long Seq, TimeSeries Sample)> batch, CancellationToken cancellationToken)
    {
        var samples = batch.Select(b => b.Sample).ToList();
        try
        {
            await _client.WriteAsync(samples, _ => _metrics.Retries.Inc(), cancellationToken).ConfigureAwait(false);
            _metrics.Sent.Inc(Remove(batch[^1].Seq));
            _metrics.LastSuccess.Set(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        }
        catch (RemoteReadException e) when (e.IsRetryable || e is RemoteReadTimeoutException)
        {
            var backoff = Config.Client.Http.MaxBackoff;
            RemoteWriteLog.StillFailing(_logger, Config.Name, samples.Count, backoff.TotalSeconds, e);
            _metrics.Retries.Inc();
            await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var removed = Remove(batch[^1].Seq);
            _metrics.Failed.Inc(removed);
            RemoteWriteLog.Refused(_logger, Config.Name, removed, e);
        }
    }

    /// <summary>Removes the queued samples up to <paramref name="lastSeq"/> (some may have been dropped meanwhile); returns how many.</summary>
    private int Remove(long lastSeq)
    {
        var removed = 0;
        int count;
        lock (_lock)
        {
            while (_queue.TryPeek(out var head) && head.Seq <= lastSeq)
            {
                _queue.Dequeue();
                removed++;
            }

            count = _queue.Count;
        }

        _metrics.Queued.Set(count);
        return removed;
    }
}
