using System.Buffers;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>Reads a whole (non-streamed) body into a pooled buffer, refusing more than a byte limit.</summary>
internal static class BoundedBody
{
    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the
    /// caller returns it. A declared <paramref name="contentLength"/> over the limit fails before reading.
    /// </summary>
    /// <exception cref="RemoteReadLimitException">The body exceeds <paramref name="maxBytes"/>.</exception>
    public static async Task<(byte[] Buffer, int Length)> ReadRentedAsync(
        Stream stream, long? contentLength, long maxBytes, CancellationToken cancellationToken)
    {
        var limit = Math.Min(maxBytes, Array.MaxLength);
        if (contentLength > limit)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(contentLength ?? 0, 64 * 1024, limit));
        var length = 0;
        try
        {
            while (true)
            {
                var capacity = (int)Math.Min(buffer.Length, limit);
                if (length == capacity)
                {
                    if (capacity >= limit)
                    {
                        // One byte more than allowed means the body is too large.
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            return (buffer, length);
                        }

                        throw TooLarge(maxBytes);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, limit));
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, capacity - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static RemoteReadLimitException TooLarge(long maxBytes) =>
        new($"response body exceeds max_response_bytes={maxBytes}", "max_response_bytes", maxBytes);
}
