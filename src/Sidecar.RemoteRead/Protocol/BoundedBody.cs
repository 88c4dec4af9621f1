namespace Sidecar.RemoteRead.Protocol;

/// <summary>Reads a whole (non-streamed) body into one exact buffer, refusing more than a byte limit.</summary>
internal static class BoundedBody
{
    private const int FirstChunkBytes = 64 * 1024;
    private const int MaxChunkBytes = ResponseBuffers.MaxPooledBytes;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a buffer from <see cref="ResponseBuffers.Rent"/>; the caller
    /// returns it there. A declared <paramref name="contentLength"/> over the limit fails before reading; a declared
    /// length is read into a buffer of that size. Without one the body is read in chunks of at most 1 MiB and
    /// copied once into a buffer of its exact length, so a large body costs its size twice for a moment and is
    /// garbage afterwards, instead of doubling into ever larger buffers that a pool then keeps.
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

        var chunks = new List<byte[]>();
        var chunk = ResponseBuffers.Rent((int)Math.Clamp(contentLength ?? 0, FirstChunkBytes, limit));
        chunks.Add(chunk);
        long total = 0;
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == chunk.Length)
                {
                    if (total >= limit)
                    {
                        // One byte more than allowed means the body is too large.
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            break;
                        }

                        throw TooLarge(maxBytes);
                    }

                    chunk = ResponseBuffers.Rent((int)Math.Min(Math.Min(2L * chunk.Length, MaxChunkBytes), limit - total));
                    chunks.Add(chunk);
                    filled = 0;
                }

                var room = (int)Math.Min(chunk.Length - filled, limit - total);
                var read = await stream.ReadAsync(chunk.AsMemory(filled, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                total += read;
                if (total == limit && filled < chunk.Length)
                {
                    // The last chunk may be larger than the room left; treat it as full so the probe runs.
                    filled = chunk.Length;
                }
            }
        }
        catch
        {
            chunks.ForEach(ResponseBuffers.Return);
            throw;
        }

        if (chunks.Count == 1)
        {
            return (chunks[0], (int)total);
        }

        var whole = ResponseBuffers.Rent((int)total);
        var offset = 0;
        foreach (var part in chunks)
        {
            var count = (int)Math.Min(part.Length, total - offset);
            Buffer.BlockCopy(part, 0, whole, offset, count);
            offset += count;
            ResponseBuffers.Return(part);
        }

        return (whole, (int)total);
    }

    private static RemoteReadLimitException TooLarge(long maxBytes) =>
        new($"response body exceeds max_response_bytes={maxBytes}", "max_response_bytes", maxBytes);
}
