namespace Sidecar.Scheduling;

/// <summary>
/// Runs the CPU-bound fits of one run on threads of their own, never on the thread pool: a fit run keeps every core
/// busy for seconds to minutes, and on the pool it held the few workers that the web host needs too, so a
/// <c>/metrics</c> scrape waited for the pool to grow (4.4 s at 4,000 series). Here the pool stays free for requests
/// and timers, and the scheduler shares the cores between fits and requests. Each thread owns one scratch buffer.
/// Thread-safe (stateless).
/// </summary>
internal static class FitThreads
{
    /// <summary>
    /// Calls <paramref name="work"/> once for each of <paramref name="count"/> items (0 to count − 1) on up to
    /// <paramref name="parallelism"/> dedicated threads, each with its own buffer of <paramref name="bufferLength"/>
    /// doubles; completes when all are done, or cancelled between items. <paramref name="work"/> must not throw
    /// (record a failure per item instead); if it does, the run stops and the task faults with that exception.
    /// </summary>
    public static Task RunAsync(int count, int parallelism, int bufferLength, Action<int, double[]> work, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;
        var running = Math.Clamp(parallelism, 1, count);
        Exception? failure = null;
        void Loop()
        {
            try
            {
                var buffer = new double[bufferLength];
                while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref failure) is null)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= count)
                    {
                        break;
                    }

                    work(i, buffer);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
            finally
            {
                if (Interlocked.Decrement(ref running) == 0)
                {
                    if (failure is not null)
                    {
                        done.TrySetException(failure);
                    }
                    else if (cancellationToken.IsCancellationRequested)
                    {
                        done.TrySetCanceled(cancellationToken);
                    }
                    else
                    {
                        done.TrySetResult();
                    }
                }
            }
        }

        for (var t = running; t > 0; t--)
        {
            new Thread(Loop) { IsBackground = true, Name = "sidecar-fit" }.Start();
        }

        return done.Task;
    }
}
