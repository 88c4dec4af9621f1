using System.Runtime.InteropServices;

namespace Sidecar.Scheduling;

/// <summary>
/// Runs the CPU-bound fits of one run on threads of their own, never on the thread pool: a fit run keeps every core
/// busy for seconds to minutes, and on the pool it held the few workers that the web host needs too, so a
/// <c>/metrics</c> scrape waited for the pool to grow (4.4 s at 4,000 series). Here the pool stays free for requests
/// and timers. On Linux each fit thread also lowers its own scheduling priority (to nice <see cref="Nice"/>, unless the
/// process runs lower already), so a scrape,
/// an inference run or the Prometheus beside the sidecar gets a core before the next slice of fitting does. Each
/// thread owns one scratch buffer. Thread-safe (stateless).
/// </summary>
internal static partial class FitThreads
{
    /// <summary>The nice value fit threads run at on Linux (0 is normal, 19 the lowest priority); a thread never raises its priority.</summary>
    public const int Nice = 10;

    private const int PriorityProcess = 0;

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
                LowerPriority();
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

    /// <summary>
    /// Lowers the calling thread's priority. On Linux the nice value belongs to each thread, and
    /// <c>setpriority(PRIO_PROCESS, 0, n)</c> sets the calling thread's; raising it needs no privilege. A failure
    /// (another system, a sandbox) leaves the thread as it was.
    /// </summary>
    private static void LowerPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(PriorityProcess, 0, Nice);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, uint who, int priority);
}
