using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.Fuzz.Targets;

/// <summary>One XOR chunk through <see cref="XorChunkDecoder"/>, with destinations sized by its header as callers do.</summary>
internal static class XorChunkTarget
{
    public static void Run(byte[] data)
    {
        try
        {
            var count = XorChunkDecoder.ReadSampleCount(data);
            var decoded = XorChunkDecoder.Decode(data, new long[count], new double[count]);
            if (decoded != count)
            {
                throw new InvalidOperationException($"decoded {decoded} samples, the header says {count}");
            }
        }
        catch (RemoteReadProtocolException)
        {
        }
    }
}
