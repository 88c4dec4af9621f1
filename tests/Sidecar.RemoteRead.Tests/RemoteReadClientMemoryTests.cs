using System.Runtime.CompilerServices;
using Sidecar.RemoteRead.Tests.Fakes;
using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests;

/// <summary>
/// What a large response leaves behind once it has been decoded and dropped: managed memory after a full, compacting
/// collection, which counts every array a pool still holds. Runs alone (allocation-sensitive), so other tests'
/// garbage does not blur the figure; the bound is generous, since only pooled leftovers are being caught.
/// </summary>
[Collection(nameof(AllocationSensitiveCollection))]
public sealed class RemoteReadClientMemoryTests
{
    private const long T0 = 1_700_000_000_000;

    /// <summary>
    /// What the buffer pools may keep: 4 arena segments of each of two 2 MiB arrays plus a few byte buffers of up to
    /// 1 MiB, about 24 MiB, plus slack (about 9 MiB is measured). Before the first fix the shared pool kept the body's
    /// doubling buffers, the decompressed block and every arena segment: well over 100 MiB after a 64 MiB body. Before the
    /// second, Snappier's span decompressor left a 128 MiB scratch array in <see cref="System.Buffers.ArrayPool{T}.Shared"/>
    /// on the decoding thread: 136 MiB. That one hid whenever the decode ran on the thread whose pool already held
    /// such an array from compressing the test body, so the body is now compressed without the shared pool.
    /// </summary>
    private const long RetainedBoundBytes = 40L << 20;

    private static readonly IReadOnlyDictionary<string, string> SnappyEncoding = new Dictionary<string, string> { ["Content-Encoding"] = "snappy" };

    [Fact]
    public async Task ReadAsync_64MiBSamplesBodyWithoutContentLength_LeavesNoLargeBuffersInAPool()
    {
        const int count = 5_300_000;
        var body = LargeSamplesBody(count);
        Assert.True(body.Length >= 64 << 20, $"the body is only {body.Length} bytes");
        await using var server = new LoopbackServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, ResponseEncoder.SamplesContentType, null, SnappyEncoding);
            await c.WriteAsync(body);
        });
        using var client = new RemoteReadClient(RemoteReadClientTests.Options(server));
        var query = new ReadQuery(T0, T0 + count, [new Matcher(MatchType.Equal, "__name__", "big")]);
        var before = Eventually.ManagedBytesAfterFullCollection();

        var samples = await ReadAndDropAsync(client, query);

        var retained = Eventually.ManagedBytesAfterFullCollection() - before;
        Assert.Equal(count, samples);
        Assert.True(retained < RetainedBoundBytes, $"{retained >> 20} MiB still reachable after the response was dropped");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<long> ReadAndDropAsync(RemoteReadClient client, ReadQuery query)
    {
        var series = await client.ReadAsync(query);
        return series.Sum(s => (long)s.TimestampsMs.Length);
    }

    /// <summary>One series of random (incompressible) values at 1 ms steps: snappy leaves it about as large as it is.</summary>
    private static byte[] LargeSamplesBody(int count)
    {
        var random = new Random(42);
        var timestamps = new long[count];
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            timestamps[i] = T0 + i;
            values[i] = random.NextDouble();
        }

        return ResponseEncoder.SamplesBody([new TimeSeries(LabelSet.From(("__name__", "big")), timestamps, values)]);
    }
}
