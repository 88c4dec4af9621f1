using System.Buffers.Binary;
using System.Security.Cryptography;
using Sidecar.State;

namespace Sidecar.Fuzz.Targets;

/// <summary>
/// A state file through <see cref="StateFileCodec.Decode"/>, which reports every damaged file as a status and never
/// throws. An input that does not start with the magic is taken as a payload and given a valid header (length and
/// SHA-256), so that mutations reach the payload reader instead of all failing the checksum.
/// </summary>
internal static class StateFileTarget
{
    private static readonly byte[] Magic = "SIDECARS"u8.ToArray();

    public static void Run(byte[] data)
    {
        var file = data.AsSpan().StartsWith(Magic) ? data : WithHeader(data);
        StateFileCodec.Decode(file, "fuzz.state", "fuzz", "fuzz");
    }

    private static byte[] WithHeader(byte[] payload)
    {
        var file = new byte[StateFileCodec.HeaderLength + payload.Length];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), StateFileCodec.FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(12), payload.Length);
        SHA256.HashData(payload, file.AsSpan(20, 32));
        payload.CopyTo(file, StateFileCodec.HeaderLength);
        return file;
    }
}
