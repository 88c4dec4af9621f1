using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Sidecar.RemoteRead.Protocol;
using Snappier;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class SnappyBlockTests
{
    [Fact]
    public void DecompressRented_ValidBlock_RoundTrips()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 17)).ToArray();
        var compressed = SnappyBlock.Compress(data);

        var buffer = SnappyBlock.DecompressRented(compressed, 1 << 20, out var length);

        Assert.Equal(data, buffer.AsSpan(0, length).ToArray());
        ResponseBuffers.Return(buffer);
    }

    [Fact]
    public void DecompressRented_LargeBlock_RentsNothingFromTheSharedPool()
    {
        // Snappier's span overload rents a block-sized scratch array from ArrayPool<byte>.Shared, which then keeps it
        // on the decoding thread: the 128 MiB that RemoteReadClientMemoryTests found after a 64 MiB body.
        var data = new byte[8 << 20];
        new Random(3).NextBytes(data);
        var compressed = SnappyBlock.Compress(data);
        using var rentals = new SharedPoolRentals();

        var buffer = SnappyBlock.DecompressRented(compressed, 16 << 20, out var length);

        var rented = rentals.OnThisThread();
        Assert.Equal(data.Length, length);
        Assert.True(data.AsSpan().SequenceEqual(buffer.AsSpan(0, length)));
        Assert.Empty(rented);
        ResponseBuffers.Return(buffer);
    }

    [Fact]
    public void DecompressRented_SnappyBomb_ThrowsLimitBeforeAllocating()
    {
        // A header declaring 4 GiB - 1 uncompressed bytes followed by almost nothing.
        byte[] bomb = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<RemoteReadLimitException>(() => SnappyBlock.DecompressRented(bomb, 64L << 20, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("max_response_bytes", e.LimitName);
        Assert.Contains("4294967295", e.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void DecompressRented_DeclaredLengthUnderCapButBodyLies_ThrowsProtocolException()
    {
        // 1000 zero bytes (header 0xe8 0x07) re-labelled as 2000 (header 0xd0 0x0f).
        var compressed = Snappy.CompressToArray(new byte[1000]);
        Assert.Equal(new byte[] { 0xe8, 0x07 }, compressed[..2]);
        byte[] lying = [0xd0, 0x0f, .. compressed[2..]];

        Assert.Throws<RemoteReadProtocolException>(() => SnappyBlock.DecompressRented(lying, 1 << 20, out _));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    public void ReadDeclaredLength_BadHeader_ThrowsProtocolException(byte[] header)
    {
        Assert.Throws<RemoteReadProtocolException>(() => SnappyBlock.ReadDeclaredLength(header));
    }

    [Fact]
    public void DecompressRented_RandomBytes_DecodeToTheDeclaredLengthOrThrowProtocolException()
    {
        // Garbage either happens to be a valid block (then exactly its declared length comes out) or is refused
        // with RemoteReadProtocolException; any other exception escapes and fails the test.
        var random = new Random(2);
        var (decoded, refused) = (0, 0);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(1, 100)];
            random.NextBytes(data);
            data[0] = (byte)random.Next(0, 0x7f);
            try
            {
                var buffer = SnappyBlock.DecompressRented(data, 1 << 20, out var length);
                ResponseBuffers.Return(buffer);
                Assert.Equal(SnappyBlock.ReadDeclaredLength(data), length);
                decoded++;
            }
            catch (RemoteReadProtocolException)
            {
                refused++;
            }
        }

        Assert.Equal(200, decoded + refused);
        Assert.True(refused > 100, $"only {refused} of 200 random blocks were refused");
    }

    /// <summary>Sizes of the arrays <see cref="ArrayPool{T}.Shared"/> hands out while it lives, per renting thread (events arrive on it).</summary>
    private sealed class SharedPoolRentals : EventListener
    {
        private readonly ConcurrentQueue<(int Thread, int Size)> _rentals = new();

        public IReadOnlyList<int> OnThisThread() =>
            [.. _rentals.Where(r => r.Thread == Environment.CurrentManagedThreadId).Select(r => r.Size)];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "System.Buffers.ArrayPoolEventSource")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            // BufferRented(bufferId, bufferSize, poolId, bucketId); a pool's id is its hash code.
            if (eventData.EventName == "BufferRented" && eventData.Payload is [_, int size, int poolId, ..] &&
                poolId == ArrayPool<byte>.Shared.GetHashCode())
            {
                _rentals.Enqueue((Environment.CurrentManagedThreadId, size));
            }
        }
    }
}
