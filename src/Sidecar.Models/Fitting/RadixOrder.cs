using System.Buffers;

namespace Sidecar.Models.Fitting;

/// <summary>
/// Sorts finite doubles with their tags by least-significant-digit radix sort on the IEEE bits (11 bits a pass, passes
/// where every key shares the digit skipped): linear time, for the order statistics of many overlapping windows. −0
/// sorts before +0; equal keys keep their input order. Pure.
/// </summary>
internal static class RadixOrder
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>
    /// Orders <paramref name="values"/> ascending, moving <paramref name="tags"/> along; <paramref name="tagScratch"/>
    /// holds at least as many elements. No NaN.
    /// </summary>
    public static void Sort(Span<double> values, Span<int> tags, Span<int> tagScratch)
    {
        var n = values.Length;
        if (n < 2)
        {
            return;
        }

        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var keyScratch = ArrayPool<ulong>.Shared.Rent(n);
        var histogram = ArrayPool<int>.Shared.Rent(Passes * Buckets);
        try
        {
            Array.Clear(histogram, 0, Passes * Buckets);
            for (var i = 0; i < n; i++)
            {
                var key = Key(values[i]);
                keys[i] = key;
                for (var d = 0; d < Passes; d++)
                {
                    histogram[(d * Buckets) + (int)((key >> (DigitBits * d)) & (Buckets - 1))]++;
                }
            }

            Span<ulong> fromKeys = keys.AsSpan(0, n), toKeys = keyScratch.AsSpan(0, n);
            Span<int> fromTags = tags, toTags = tagScratch[..n];
            for (var d = 0; d < Passes; d++)
            {
                var next = histogram.AsSpan(d * Buckets, Buckets);
                var offset = 0;
                var single = false;
                for (var b = 0; b < Buckets; b++)
                {
                    var count = next[b];
                    single |= count == n;
                    next[b] = offset;
                    offset += count;
                }

                if (single)
                {
                    continue;
                }

                var shift = DigitBits * d;
                for (var i = 0; i < n; i++)
                {
                    var key = fromKeys[i];
                    var k = next[(int)((key >> shift) & (Buckets - 1))]++;
                    toKeys[k] = key;
                    toTags[k] = fromTags[i];
                }

                var tk = fromKeys;
                fromKeys = toKeys;
                toKeys = tk;
                var tt = fromTags;
                fromTags = toTags;
                toTags = tt;
            }

            // the keys hold the values' bits: decode them in their new order
            for (var i = 0; i < n; i++)
            {
                values[i] = Value(fromKeys[i]);
            }

            if (fromTags != tags)
            {
                fromTags.CopyTo(tags);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(keyScratch);
            ArrayPool<int>.Shared.Return(histogram);
        }
    }

    private static double Value(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000_0000_0000_0000UL) != 0 ? key ^ 0x8000_0000_0000_0000UL : ~key));

    /// <summary>The double's bits as an unsigned key in the same order as the numbers (negatives flipped).</summary>
    private static ulong Key(double v)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(v);
        var mask = (ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL;
        return bits ^ mask;
    }
}
