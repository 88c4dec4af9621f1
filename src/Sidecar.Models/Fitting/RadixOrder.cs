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
    /// Orders <paramref name="values"/> ascending, moving <paramref name="tags"/> along; <paramref name="valueScratch"/>
    /// and <paramref name="tagScratch"/> hold at least as many elements. No NaN.
    /// </summary>
    public static void Sort(Span<double> values, Span<int> tags, Span<double> valueScratch, Span<int> tagScratch)
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
            Span<double> fromValues = values, toValues = valueScratch[..n];
            Span<int> fromTags = tags, toTags = tagScratch[..n];
            var swapped = false;
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
                    toValues[k] = fromValues[i];
                    toTags[k] = fromTags[i];
                }

                var tk = fromKeys;
                fromKeys = toKeys;
                toKeys = tk;
                var tv = fromValues;
                fromValues = toValues;
                toValues = tv;
                var tt = fromTags;
                fromTags = toTags;
                toTags = tt;
                swapped = !swapped;
            }

            if (swapped)
            {
                fromValues.CopyTo(values);
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

    /// <summary>The double's bits as an unsigned key in the same order as the numbers (negatives flipped).</summary>
    private static ulong Key(double v)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(v);
        var mask = (ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL;
        return bits ^ mask;
    }
}
