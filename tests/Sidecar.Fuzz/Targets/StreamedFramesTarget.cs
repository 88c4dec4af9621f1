using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.Fuzz.Targets;

/// <summary>A STREAMED_XOR_CHUNKS body: <see cref="ChunkedFrameReader"/> frames into <see cref="StreamedResponseDecoder"/>.</summary>
internal static class StreamedFramesTarget
{
    public static void Run(byte[] data)
    {
        try
        {
            using var body = new MemoryStream(data, writable: false);
            using var response = StreamedResponseDecoder
                .DecodeAsync(body, FuzzLimits.StartMs, FuzzLimits.EndMs, FuzzLimits.Limits, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RemoteReadProtocolException or RemoteReadLimitException)
        {
        }
    }
}
