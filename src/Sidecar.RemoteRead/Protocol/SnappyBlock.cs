using System.Buffers;
using Snappier;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Snappy block format (not the framed stream format), as remote-read requests and SAMPLES responses use it.
/// Decompression reads the declared uncompressed length from the block header and checks it against a cap
/// before allocating anything, so a small "snappy bomb" cannot make us allocate gigabytes. Thread-safe.
/// </summary>
internal static class SnappyBlock
{
    private const long MaxExpansion = 22;

    public static byte[] Compress(ReadOnlySpan<byte> data) => Snappy.CompressToArray(data);

    /// <summary>
    /// Decompresses <paramref name="compressed"/> into a buffer from <see cref="ResponseBuffers.Rent"/>;
    /// the caller returns it there. Sets <paramref name="length"/> to the decompressed length.
    /// </summary>
    /// <exception cref="RemoteReadLimitException">The declared length exceeds <paramref name="maxBytes"/>.</exception>
    /// <exception cref="RemoteReadProtocolException">The block is not valid snappy.</exception>
    public static byte[] DecompressRented(ReadOnlyMemory<byte> compressed, long maxBytes, out int length)
    {
        var declared = ReadDeclaredLength(compressed.Span);
        if (declared > maxBytes || declared > Array.MaxLength)
        {
            throw new RemoteReadLimitException(
                $"snappy block declares {declared} uncompressed bytes, more than max_response_bytes={maxBytes}",
                "max_response_bytes",
                maxBytes);
        }

        // No snappy element expands more than 64 bytes out of 3 in, so a larger claim is a lie.
        if (declared > (MaxExpansion * compressed.Length) + 64)
        {
            throw new RemoteReadProtocolException(
                $"invalid snappy block: {compressed.Length} bytes cannot expand to the declared {declared}");
        }

        var buffer = ResponseBuffers.Rent((int)Math.Max(declared, 1));
        try
        {
            // Snappier's span overload decompresses into an array it rents from ArrayPool<byte>.Shared and then copies
            // out, so every large block left a block-sized array (128 MiB for a 64 MiB body) in the shared pool of
            // whichever thread decoded it. Through a buffer writer it decompresses straight into our buffer.
            var output = new FixedBufferWriter(buffer, (int)declared);
            Snappy.Decompress(new ReadOnlySequence<byte>(compressed), output);
            length = output.Written;
            if (length != declared)
            {
                throw new RemoteReadProtocolException($"snappy block declared {declared} bytes but held {length}");
            }

            return buffer;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
        {
            ResponseBuffers.Return(buffer);
            throw new RemoteReadProtocolException($"invalid snappy block: {e.Message}", e);
        }
        catch
        {
            ResponseBuffers.Return(buffer);
            throw;
        }
    }

    /// <summary>The uncompressed length a snappy block declares: a little-endian base-128 varint of at most 32 bits.</summary>
    /// <exception cref="RemoteReadProtocolException">The header is truncated or too long.</exception>
    public static long ReadDeclaredLength(ReadOnlySpan<byte> compressed)
    {
        long result = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= compressed.Length)
            {
                throw new RemoteReadProtocolException("invalid snappy block: truncated length header");
            }

            var b = compressed[i];
            result |= (long)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                if (result > uint.MaxValue)
                {
                    break;
                }

                return result;
            }
        }

        throw new RemoteReadProtocolException("invalid snappy block: length header exceeds 32 bits");
    }

    /// <summary>Hands Snappier one caller-owned buffer of exactly the declared length and records how much it wrote.</summary>
    private sealed class FixedBufferWriter(byte[] buffer, int capacity) : IBufferWriter<byte>
    {
        public int Written { get; private set; }

        public void Advance(int count)
        {
            if (count < 0 || Written + count > capacity)
            {
                throw new RemoteReadProtocolException($"snappy block wrote past its declared {capacity} bytes");
            }

            Written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (Written + sizeHint > capacity)
            {
                throw new RemoteReadProtocolException($"snappy block needs more than its declared {capacity} bytes");
            }

            return buffer.AsMemory(Written, capacity - Written);
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
