using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class ChunkedFrameReaderTests
{
    private static readonly DecodeLimits Limits = new(MaxFrameBytes: 1 << 20, MaxResponseBytes: 64 << 20, MaxSamples: 1_000_000);

    [Fact]
    public async Task ReadNextAsync_FramesOfManySizes_ReturnsEachPayload()
    {
        var random = new Random(4);
        var payloads = new[] { 0, 1, 127, 128, 16_383, 16_384, 70_000, 300_000 }.Select(n =>
        {
            var p = new byte[n];
            random.NextBytes(p);
            return p;
        }).ToList();
        var body = payloads.SelectMany(p => ResponseEncoder.Frame(p)).ToArray();

        // One byte per read: every header and payload is split across reads.
        var read = await ReadAllAsync(new TrickleStream(body, 1), Limits);

        Assert.Equal(payloads.Count, read.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            Assert.Equal(payloads[i], read[i]);
        }
    }

    [Fact]
    public async Task ReadNextAsync_EmptyBody_EndsCleanly()
    {
        Assert.Empty(await ReadAllAsync(new MemoryStream(), Limits));
    }

    [Fact]
    public async Task ReadNextAsync_BadCrc_ThrowsProtocolException()
    {
        var body = ResponseEncoder.Frame([1, 2, 3]).Concat(ResponseEncoder.Frame([4, 5, 6], crcOverride: 0xdeadbeef)).ToArray();

        var e = await Assert.ThrowsAsync<RemoteReadProtocolException>(() => ReadAllAsync(new MemoryStream(body), Limits));

        Assert.Contains("CRC-32C mismatch", e.Message);
        Assert.Contains("frame 1", e.Message);
    }

    [Fact]
    public async Task ReadNextAsync_EveryTruncation_ThrowsProtocolException()
    {
        var body = ResponseEncoder.Frame(new byte[300]).Concat(ResponseEncoder.Frame(new byte[5])).ToArray();
        var firstFrame = ResponseEncoder.Frame(new byte[300]).Length;

        for (var length = 1; length < body.Length; length++)
        {
            if (length == firstFrame)
            {
                continue; // a clean frame boundary is a valid (shorter) body
            }

            var prefix = body[..length];
            await Assert.ThrowsAsync<RemoteReadProtocolException>(() => ReadAllAsync(new MemoryStream(prefix), Limits));
        }
    }

    [Fact]
    public async Task ReadNextAsync_OversizedFrame_ThrowsLimitBeforeAllocating()
    {
        // Header declares 1 GiB; nothing follows. The reader must refuse without renting a 1 GiB buffer.
        byte[] body = [0x80, 0x80, 0x80, 0x80, 0x04, 0, 0, 0, 0];
        using var reader = new ChunkedFrameReader(new MemoryStream(body), Limits);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<RemoteReadLimitException>(async () => await reader.ReadNextAsync(CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("max_frame_bytes", e.LimitName);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public async Task ReadNextAsync_BodyOverMaxResponseBytes_ThrowsLimit()
    {
        var body = Enumerable.Range(0, 20).SelectMany(_ => ResponseEncoder.Frame(new byte[1000])).ToArray();
        var limits = Limits with { MaxResponseBytes = 5000 };

        var e = await Assert.ThrowsAsync<RemoteReadLimitException>(() => ReadAllAsync(new TrickleStream(body, 512), limits));

        Assert.Equal("max_response_bytes", e.LimitName);
    }

    [Fact]
    public async Task ReadNextAsync_LengthVarintOverflows_ThrowsProtocolException()
    {
        byte[] body = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0];

        await Assert.ThrowsAsync<RemoteReadProtocolException>(() => ReadAllAsync(new MemoryStream(body), Limits));
    }

    private static async Task<List<byte[]>> ReadAllAsync(Stream stream, DecodeLimits limits)
    {
        using var reader = new ChunkedFrameReader(stream, limits);
        var frames = new List<byte[]>();
        while (await reader.ReadNextAsync(CancellationToken.None))
        {
            frames.Add(reader.Current.ToArray());
        }

        return frames;
    }
}
