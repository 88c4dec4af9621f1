using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Decodes a Prometheus TSDB XOR chunk (Gorilla encoding, millisecond timestamps), bit for bit as
/// <c>tsdb/chunkenc/xor.go</c> writes it:
/// a 2-byte big-endian sample count; the first timestamp as a zig-zag varint and the first value as 64 raw bits;
/// the second timestamp's delta as a uvarint; then per sample a delta-of-delta bucket
/// (<c>0</c>, <c>10</c>+14 bits, <c>110</c>+17, <c>1110</c>+20, <c>1111</c>+64) and each value after the first
/// XOR-ed with the previous one (<c>0</c> same; <c>10</c> reuse leading/trailing zeros; <c>11</c> + 5 bits leading
/// + 6 bits significant length, 0 meaning 64). Allocation-free. Thread-safe (stateless).
/// </summary>
internal static class XorChunkDecoder
{
    /// <summary>The sample count from the header, after checking the chunk is long enough to hold that many.</summary>
    /// <exception cref="RemoteReadProtocolException">The header is missing or the count is impossible.</exception>
    public static int ReadSampleCount(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < 2)
        {
            throw Malformed($"{chunk.Length} bytes, shorter than the 2-byte header");
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(chunk);
        // A count the data cannot hold is rejected before callers size buffers by it: header 16 bits, first
        // timestamp ≥ 8 and value 64; the second sample a delta ≥ 8 and a value bit; each later one ≥ 2 bits.
        var minimumBits = count switch
        {
            0 => 16,
            1 => 16 + 8 + 64,
            _ => 16 + 8 + 64 + 8 + 1 + (2L * (count - 2)),
        };
        if ((long)chunk.Length * 8 < minimumBits)
        {
            throw Malformed($"header claims {count} samples but the chunk has only {chunk.Length} bytes");
        }

        return count;
    }

    /// <summary>
    /// Decodes every sample of <paramref name="chunk"/> into the first <see cref="ReadSampleCount"/> elements of
    /// <paramref name="timestamps"/> (unix ms) and <paramref name="values"/>; returns the count.
    /// </summary>
    /// <exception cref="RemoteReadProtocolException">The chunk is truncated or malformed.</exception>
    /// <exception cref="ArgumentException">A destination is shorter than the sample count.</exception>
    public static int Decode(ReadOnlySpan<byte> chunk, Span<long> timestamps, Span<double> values)
    {
        var count = ReadSampleCount(chunk);
        if (count == 0)
        {
            return 0;
        }

        if (timestamps.Length < count || values.Length < count)
        {
            throw new ArgumentException($"destinations hold fewer than the chunk's {count} samples");
        }

        ref var ts = ref MemoryMarshal.GetReference(timestamps);
        ref var vs = ref MemoryMarshal.GetReference(values);

        var data = chunk[2..];
        var position = 0;
        var t = ReadVarint(data, ref position);
        if (data.Length - position < 8)
        {
            throw Malformed("truncated in the first value");
        }

        var bits = BinaryPrimitives.ReadUInt64BigEndian(data[position..]);
        position += 8;
        ts = t;
        vs = BitConverter.UInt64BitsToDouble(bits);
        if (count == 1)
        {
            return 1;
        }

        var delta = ReadUvarint(data, ref position);
        t += (long)delta;
        var reader = new BitReader(data[position..]);
        int leading = 0, trailing = 0;
        reader.Refill();
        ReadValue(ref reader, ref bits, ref leading, ref trailing);
        Unsafe.Add(ref ts, 1) = t;
        Unsafe.Add(ref vs, 1) = BitConverter.UInt64BitsToDouble(bits);

        for (var i = 2; i < count; i++)
        {
            reader.Refill();
            var window = reader.Window;
            long dod;
            if ((long)window >= 0)
            {
                reader.Skip(1);
                dod = 0;
            }
            else
            {
                switch (BitOperations.LeadingZeroCount(~window))
                {
                    case 1:
                        reader.Skip(2);
                        dod = SignExtend(reader.Take(14), 14);
                        break;
                    case 2:
                        reader.Skip(3);
                        dod = SignExtend(reader.Take(17), 17);
                        break;
                    case 3:
                        reader.Skip(4);
                        dod = SignExtend(reader.Take(20), 20);
                        break;
                    default:
                        reader.Skip(4);
                        dod = (long)reader.Read(64);
                        break;
                }
            }

            delta = (ulong)((long)delta + dod);
            t += (long)delta;
            ReadValue(ref reader, ref bits, ref leading, ref trailing);
            Unsafe.Add(ref ts, i) = t;
            Unsafe.Add(ref vs, i) = BitConverter.UInt64BitsToDouble(bits);
        }

        if (reader.Overran)
        {
            throw Malformed($"truncated: {count} samples need more than the {chunk.Length} bytes given");
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadValue(ref BitReader reader, ref ulong bits, ref int leading, ref int trailing)
    {
        if (reader.Bits < 13)
        {
            reader.Refill();
        }

        var window = reader.Window;
        if ((long)window >= 0)
        {
            reader.Skip(1);
            return;
        }

        reader.Skip(2);
        if ((window & (1UL << 62)) != 0)
        {
            leading = (int)reader.Take(5);
            var significant = (int)reader.Take(6);
            if (significant == 0)
            {
                significant = 64;
            }

            trailing = 64 - leading - significant;
            if (trailing < 0)
            {
                ThrowBadValueHeader(leading, significant);
            }
        }

        bits ^= reader.Read(64 - leading - trailing) << trailing;
    }

    // Values up to 2^(n-1) are positive, as xor.go's bitRange allows; larger ones wrap to negative.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long SignExtend(ulong value, int width) =>
        value > (1UL << (width - 1)) ? (long)value - (1L << width) : (long)value;

    private static long ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        var zigzag = ReadUvarint(data, ref position);
        var value = (long)(zigzag >> 1);
        return (zigzag & 1) != 0 ? ~value : value;
    }

    private static ulong ReadUvarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw Malformed("truncated in a timestamp varint");
            }

            var b = data[position++];
            if (shift == 63 && b > 1)
            {
                throw Malformed("timestamp varint overflows 64 bits");
            }

            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Malformed("timestamp varint longer than 10 bytes");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadValueHeader(int leading, int significant) =>
        throw Malformed($"value header with {leading} leading zeros and {significant} significant bits exceeds 64 bits");

    private static RemoteReadProtocolException Malformed(string what) => new($"bad XOR chunk: {what}");
}
