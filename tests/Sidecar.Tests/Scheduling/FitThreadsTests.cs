using System.Collections.Concurrent;
using Sidecar.Scheduling;

namespace Sidecar.Tests.Scheduling;

public sealed class FitThreadsTests
{
    [Fact]
    public async Task RunAsync_DoesEveryItemOnce_OnThreadsOfItsOwn_AtALowerPriority()
    {
        var callerNice = CurrentNice();
        var seen = new ConcurrentDictionary<int, int>();
        var threads = new ConcurrentDictionary<int, (bool Pool, string? Name, int? Nice, int BufferLength)>();
        await FitThreads.RunAsync(
            200,
            2,
            64,
            (i, buffer) =>
            {
                seen.AddOrUpdate(i, 1, (_, n) => n + 1);
                threads.TryAdd(Environment.CurrentManagedThreadId, (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name, CurrentNice(), buffer.Length));
            },
            CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 200), seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.InRange(threads.Count, 1, 2);
        Assert.All(threads.Values, t =>
        {
            Assert.False(t.Pool);
            Assert.Equal("sidecar-fit", t.Name);
            Assert.Equal(64, t.BufferLength);
            if (OperatingSystem.IsLinux())
            {
                // Threads start at their creator's nice value; a process already below nice 10 stays there.
                Assert.Equal(Math.Max(callerNice ?? 0, FitThreads.Nice), t.Nice);
            }
        });

        // The caller's own thread keeps its priority.
        Assert.Equal(callerNice, CurrentNice());
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsBetweenItems()
    {
        using var cancel = new CancellationTokenSource();
        var done = 0;
        var run = FitThreads.RunAsync(
            1000,
            2,
            1,
            (_, _) =>
            {
                if (Interlocked.Increment(ref done) == 10)
                {
                    cancel.Cancel();
                }

                Thread.Sleep(1);
            },
            cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.InRange(Volatile.Read(ref done), 10, 12);
    }

    [Fact]
    public async Task RunAsync_WorkThatThrows_FaultsTheRun()
    {
        var run = FitThreads.RunAsync(10, 2, 1, (i, _) => throw new InvalidOperationException($"item {i}"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.StartsWith("item ", e.Message);
    }

    /// <summary>The calling thread's nice value, from /proc (field 19 of its stat line).</summary>
    private static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
