using System.Buffers.Binary;
using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.Fuzz.Targets;

/// <summary>
/// A STREAMED_XOR_CHUNKS body: <see cref="ChunkedFrameReader"/> frames into <see cref="StreamedResponseDecoder"/>.
/// Each whole frame's CRC-32C is set right before decoding, or nearly every mutation would stop at the checksum; a
/// wrong CRC is the unit tests' job.
/// </summary>
internal static class StreamedFramesTarget
{
    public static void Run(byte[] data)
    {
        var body = (byte[])data.Clone();
        RepairChecksums(body);
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var response = StreamedResponseDecoder
                .DecodeAsync(stream, FuzzLimits.StartMs, FuzzLimits.EndMs, FuzzLimits.Limits, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RemoteReadProtocolException or RemoteReadLimitException)
        {
        }
    }

    /// <summary>Frames are a uvarint payload length, a big-endian CRC-32C of the payload, the payload.</summary>
    private static void RepairChecksums(byte[] body)
    {
        var position = 0;
        while (position < body.Length)
        {
            ulong length = 0;
            var shift = 0;
            while (position < body.Length && shift < 64)
            {
                var b = body[position++];
                length |= (ulong)(b & 0x7f) << shift;
                shift += 7;
                if (b < 0x80)
                {
                    break;
                }
            }

            if (length > (ulong)(body.Length - position) || (long)length > body.Length - position - 4)
            {
                return;
            }

            var payload = body.AsSpan(position + 4, (int)length);
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(position), Crc32C.Compute(payload));
            position += 4 + (int)length;
        }
    }
}
