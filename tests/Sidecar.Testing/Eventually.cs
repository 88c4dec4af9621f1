using Xunit;

namespace Sidecar.Testing;

/// <summary>Polling waits for tests against real processes and hosts, and a managed-memory reading.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after 60 s naming <paramref name="what"/>.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition().ConfigureAwait(false))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Managed bytes after full, compacting collections (large objects included), which count every array a pool
    /// still holds.
    /// </summary>
    public static long ManagedBytesAfterFullCollection()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
