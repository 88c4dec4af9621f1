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

    /// <summary>
    /// Puts the k-th smallest element at index k, smaller ones before it and larger ones after (Floyd–Rivest selection:
    /// large ranges first narrow to a sample's bracket around k, so a median of n costs about 1.5n comparisons instead of
    /// quickselect's 3n or more). No NaN.
    /// </summary>
    public static double Select(Span<double> a, int k)
    {
        Select(a, 0, a.Length - 1, k);
        return a[k];
    }

    private static void Select(Span<double> a, int left, int right, int k)
    {
        while (right > left)
        {
            if (right - left > 600)
            {
                // recurse on a sample bracket expected to hold the k-th smallest
                double n = right - left + 1;
                double i = k - left + 1;
                var z = Math.Log(n);
                var s = 0.5 * Math.Exp(2 * z / 3);
                var sd = 0.5 * Math.Sqrt(z * s * (n - s) / n) * Math.Sign(i - (n / 2));
                var newLeft = Math.Max(left, (int)(k - (i * s / n) + sd));
                var newRight = Math.Min(right, (int)(k + ((n - i) * s / n) + sd));
                Select(a, newLeft, newRight, k);
            }

            var t = a[k];
            var lo = left;
            var hi = right;
            (a[left], a[k]) = (a[k], a[left]);
            if (a[right] > t)
            {
                (a[right], a[left]) = (a[left], a[right]);
            }

            while (lo < hi)
            {
                (a[lo], a[hi]) = (a[hi], a[lo]);
                lo++;
                hi--;
                while (a[lo] < t)
                {
                    lo++;
                }

                while (a[hi] > t)
                {
                    hi--;
                }
            }

            if (a[left] == t)
            {
                (a[left], a[hi]) = (a[hi], a[left]);
            }
            else
            {
                hi++;
                (a[hi], a[right]) = (a[right], a[hi]);
            }

            if (hi <= k)
            {
                left = hi + 1;
            }

            if (k <= hi)
            {
                right = hi - 1;
            }
        }
    }

    /// <summary>
    /// As <see cref="Median"/>, by Hoare's quickselect, whose arrangement of <paramref name="scratch"/> afterwards the
    /// mostly-constant fallbacks (a mean of absolute deviations) sum in: those sums, and so the fits, stay bit for bit
    /// what they were before <see cref="Select"/> became Floyd–Rivest.
    /// </summary>
    public static double MedianInHoareOrder(Span<double> scratch)
    {
        var n = scratch.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var hi = HoareSelect(scratch, n / 2);
        if ((n & 1) == 1)
        {
            return hi;
        }

        var lo = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++)
        {
            lo = Math.Max(lo, scratch[i]);
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>Puts the k-th smallest element at index k, smaller ones before it and larger ones after (Hoare selection).</summary>
    private static double HoareSelect(Span<double> a, int k)
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
