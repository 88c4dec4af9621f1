namespace Sidecar.Models.Fitting;

/// <summary>Order statistics by selection (O(n), no full sort). The <c>scratch</c> arguments are reordered.</summary>
internal static class RobustStats
{
    /// <summary>Consistency factor that makes MAD estimate σ for Gaussian data.</summary>
    public const double MadToSigma = 1.482602218505602;

    /// <summary>Median of <paramref name="scratch"/> (reordered); NaN when empty.</summary>
    public static double Median(Span<double> scratch)
    {
        var n = scratch.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var hi = Select(scratch, n / 2);
        if ((n & 1) == 1)
        {
            return hi;
        }

        // The lower middle is the maximum of the left part after selection.
        var lo = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++)
        {
            lo = Math.Max(lo, scratch[i]);
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Quantile at <paramref name="p"/> in [0, 1] with linear interpolation between order statistics
    /// (type 7, as numpy's default); <paramref name="scratch"/> is reordered. NaN when empty.
    /// </summary>
    public static double Quantile(Span<double> scratch, double p)
    {
        var n = scratch.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var h = Math.Clamp(p, 0, 1) * (n - 1);
        var k = (int)Math.Floor(h);
        var lo = Select(scratch, k);
        if (k + 1 >= n || h == k)
        {
            return lo;
        }

        var hi = double.PositiveInfinity;
        for (var i = k + 1; i < n; i++)
        {
            hi = Math.Min(hi, scratch[i]);
        }

        return lo + ((h - k) * (hi - lo));
    }

    /// <summary>Median absolute deviation from <paramref name="center"/>, unscaled; <paramref name="scratch"/> is overwritten.</summary>
    public static double Mad(ReadOnlySpan<double> values, double center, Span<double> scratch)
    {
        for (var i = 0; i < values.Length; i++)
        {
            scratch[i] = Math.Abs(values[i] - center);
        }

        return Median(scratch[..values.Length]);
    }

    /// <summary>Puts the k-th smallest element at index k, smaller ones before it and larger ones after (Hoare selection).</summary>
    public static double Select(Span<double> a, int k)
    {
        var left = 0;
        var right = a.Length - 1;
        while (right > left)
        {
            var mid = left + ((right - left) / 2);
            // median of three as pivot keeps sorted and reversed inputs linear
            if (a[mid] < a[left])
            {
                (a[mid], a[left]) = (a[left], a[mid]);
            }

            if (a[right] < a[left])
            {
                (a[right], a[left]) = (a[left], a[right]);
            }

            if (a[right] < a[mid])
            {
                (a[right], a[mid]) = (a[mid], a[right]);
            }

            var pivot = a[mid];
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }

        return a[k];
    }
}
