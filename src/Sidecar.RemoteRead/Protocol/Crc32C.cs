using System.Buffers.Binary;
using System.Numerics;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// CRC-32C (Castagnoli), as the streamed remote-read frames carry it. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// maps to the SSE4.2 / ARMv8 CRC instruction where the CPU has one. Thread-safe (stateless).
/// </summary>
internal static class Crc32C
{
    /// <summary>The checksum of <paramref name="data"/> (initial value and final XOR all ones, as Go's hash/crc32).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        for (; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return ~crc;
    }
}
