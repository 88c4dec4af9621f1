using System.Buffers.Binary;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Reads the frames of a streamed remote-read body as they arrive: a uvarint payload length, a big-endian
/// CRC-32C of the payload, then the payload. One buffer (from <see cref="ResponseBuffers"/>) holds the bytes not yet consumed; it grows to the
/// largest frame seen, never beyond <see cref="DecodeLimits.MaxFrameBytes"/>, and the length is checked before the
/// buffer grows. The whole body is never held. Not thread-safe; dispose to return the buffer.
/// </summary>
internal sealed class ChunkedFrameReader : IDisposable
{
    private const int InitialBufferBytes = 64 * 1024;
    private const int MaxHeaderBytes = 10 + 4;

    private readonly Stream _stream;
    private readonly DecodeLimits _limits;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public ChunkedFrameReader(Stream stream, DecodeLimits limits)
    {
        _stream = stream;
        _limits = limits;
        _buffer = ResponseBuffers.Rent(InitialBufferBytes);
    }

    /// <summary>Body bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Frames returned so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>The last frame's payload; valid until the next call to <see cref="ReadNextAsync"/>.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Reads the next frame into <see cref="Current"/>; false at a clean end of the body.</summary>
    /// <exception cref="RemoteReadProtocolException">Truncated frame, bad length or CRC mismatch.</exception>
    /// <exception cref="RemoteReadLimitException">A frame or the body exceeds its bound.</exception>
    public async ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken)
    {
        Current = ReadOnlyMemory<byte>.Empty;
        ulong size;
        int lengthBytes;
        while (!TryReadUvarint(_buffer.AsSpan(_start, _end - _start), out size, out lengthBytes))
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_end == _start)
                {
                    return false;
                }

                throw Truncated("in a frame length");
            }
        }

        if (size > (ulong)_limits.MaxFrameBytes)
        {
            throw new RemoteReadLimitException(
                $"frame {FrameCount} declares {size} bytes, more than max_frame_bytes={_limits.MaxFrameBytes}",
                "max_frame_bytes",
                _limits.MaxFrameBytes);
        }

        var total = lengthBytes + 4 + (int)size;
        await EnsureAsync(total, cancellationToken).ConfigureAwait(false);

        var expected = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + lengthBytes, 4));
        var payload = _buffer.AsMemory(_start + lengthBytes + 4, (int)size);
        var actual = Crc32C.Compute(payload.Span);
        if (actual != expected)
        {
            throw new RemoteReadProtocolException(
                $"frame {FrameCount} at body offset {BytesRead - (_end - _start)}: CRC-32C mismatch " +
                $"(frame says {expected:x8}, payload has {actual:x8})");
        }

        _start += total;
        FrameCount++;
        Current = payload;
        return true;
    }

    public void Dispose()
    {
        ResponseBuffers.Return(_buffer);
        _buffer = [];
    }

    private async ValueTask EnsureAsync(int needed, CancellationToken cancellationToken)
    {
        if (needed > _buffer.Length - _start)
        {
            var target = needed > _buffer.Length ? ResponseBuffers.Rent(needed) : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            if (!ReferenceEquals(target, _buffer))
            {
                ResponseBuffers.Return(_buffer);
                _buffer = target;
            }

            _end -= _start;
            _start = 0;
        }

        while (_end - _start < needed)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw Truncated($"after {_end - _start} of a frame's {needed} bytes");
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                // Only a frame header can be pending here, and MaxHeaderBytes always fits.
                throw new RemoteReadProtocolException($"frame {FrameCount}: length prefix longer than {MaxHeaderBytes} bytes");
            }

            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        BytesRead += read;
        if (BytesRead > _limits.MaxResponseBytes)
        {
            throw new RemoteReadLimitException(
                $"streamed body exceeds max_response_bytes={_limits.MaxResponseBytes}", "max_response_bytes", _limits.MaxResponseBytes);
        }

        return true;
    }

    private static bool TryReadUvarint(ReadOnlySpan<byte> data, out ulong value, out int length)
    {
        value = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (i == 10 || (i == 9 && data[i] > 1))
            {
                throw new RemoteReadProtocolException("frame length varint overflows 64 bits");
            }

            value |= (ulong)(data[i] & 0x7f) << (7 * i);
            if (data[i] < 0x80)
            {
                length = i + 1;
                return true;
            }
        }

        length = 0;
        return false;
    }

    private RemoteReadProtocolException Truncated(string where) =>
        new($"streamed body truncated {where} (frame {FrameCount}, {BytesRead} bytes read)");
}
