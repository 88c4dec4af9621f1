using System.Numerics;

namespace Sidecar.RemoteRead.Tests.Fakes;

/// <summary>
/// Test-only XOR chunk encoder that writes exactly what Prometheus's <c>xorAppender</c> writes (same buckets,
/// same leading-zero clamp at 31, same "new window" rule), so the decoder can be checked against known input.
/// Also used by the benchmarks to build realistic responses.
/// </summary>
public static class XorChunkEncoder
{
    public static byte[] Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        if (timestamps.Length != values.Length || timestamps.Length > ushort.MaxValue)
        {
            throw new ArgumentException("need equal lengths of at most 65535");
        }

        var w = new BitWriter();
        w.WriteBits((ulong)timestamps.Length, 16);
        if (timestamps.Length == 0)
        {
            return w.ToArray();
        }

        WriteVarint(w, timestamps[0]);
        var previousBits = BitConverter.DoubleToUInt64Bits(values[0]);
        w.WriteBits(previousBits, 64);
        if (timestamps.Length == 1)
        {
            return w.ToArray();
        }

        var delta = (ulong)(timestamps[1] - timestamps[0]);
        WriteUvarint(w, delta);
        int leading = 0xff, trailing = 0;
        WriteValue(w, BitConverter.DoubleToUInt64Bits(values[1]), ref previousBits, ref leading, ref trailing);
        for (var i = 2; i < timestamps.Length; i++)
        {
            var newDelta = (ulong)(timestamps[i] - timestamps[i - 1]);
            var dod = (long)(newDelta - delta);
            delta = newDelta;
            if (dod == 0)
            {
                w.WriteBits(0, 1);
            }
            else if (BitRange(dod, 14))
            {
                w.WriteBits(0b10, 2);
                w.WriteBits((ulong)dod, 14);
            }
            else if (BitRange(dod, 17))
            {
                w.WriteBits(0b110, 3);
                w.WriteBits((ulong)dod, 17);
            }
            else if (BitRange(dod, 20))
            {
                w.WriteBits(0b1110, 4);
                w.WriteBits((ulong)dod, 20);
            }
            else
            {
                w.WriteBits(0b1111, 4);
                w.WriteBits((ulong)dod, 64);
            }

            WriteValue(w, BitConverter.DoubleToUInt64Bits(values[i]), ref previousBits, ref leading, ref trailing);
        }

        return w.ToArray();
    }

    private static bool BitRange(long x, int bits) => -((1L << (bits - 1)) - 1) <= x && x <= 1L << (bits - 1);

    private static void WriteValue(BitWriter w, ulong bits, ref ulong previousBits, ref int leading, ref int trailing)
    {
        var xor = bits ^ previousBits;
        previousBits = bits;
        if (xor == 0)
        {
            w.WriteBits(0, 1);
            return;
        }

        w.WriteBits(1, 1);
        var newLeading = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
        var newTrailing = BitOperations.TrailingZeroCount(xor);
        if (leading != 0xff && newLeading >= leading && newTrailing >= trailing)
        {
            w.WriteBits(0, 1);
            w.WriteBits(xor >> trailing, 64 - leading - trailing);
            return;
        }

        leading = newLeading;
        trailing = newTrailing;
        w.WriteBits(1, 1);
        w.WriteBits((ulong)leading, 5);
        var significant = 64 - leading - trailing;
        w.WriteBits((ulong)(significant & 63), 6);
        w.WriteBits(xor >> trailing, significant);
    }

    private static void WriteVarint(BitWriter w, long value) => WriteUvarint(w, (ulong)((value << 1) ^ (value >> 63)));

    private static void WriteUvarint(BitWriter w, ulong value)
    {
        while (value >= 0x80)
        {
            w.WriteBits((value & 0x7f) | 0x80, 8);
            value >>= 7;
        }

        w.WriteBits(value, 8);
    }

    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _free;

        public void WriteBits(ulong value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                if (_free == 0)
                {
                    _bytes.Add(0);
                    _free = 8;
                }

                _free--;
                if (((value >> i) & 1) != 0)
                {
                    _bytes[^1] |= (byte)(1 << _free);
                }
            }
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
