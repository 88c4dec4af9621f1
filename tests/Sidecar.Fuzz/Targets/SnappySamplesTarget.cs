using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.Fuzz.Targets;

/// <summary>A SAMPLES body: <see cref="SnappyBlock.DecompressRented"/>, then <see cref="SamplesResponseDecoder"/>.</summary>
internal static class SnappySamplesTarget
{
    public static void Run(byte[] data)
    {
        try
        {
            var buffer = SnappyBlock.DecompressRented(data, FuzzLimits.Limits.MaxResponseBytes, out var length);
            if (length < 0 || length > buffer.Length)
            {
                throw new InvalidOperationException($"decompressed length {length} outside the {buffer.Length}-byte buffer");
            }

            ResponseBuffers.Return(buffer);
            using var response = SamplesResponseDecoder.Decode(data, FuzzLimits.StartMs, FuzzLimits.EndMs, FuzzLimits.Limits);
        }
        catch (Exception e) when (e is RemoteReadProtocolException or RemoteReadLimitException)
        {
        }
    }
}
