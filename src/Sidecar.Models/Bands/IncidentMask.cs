namespace Sidecar.Models.Bands;

/// <summary>
/// Leaves past incidents out of a band's calibration. A first band is estimated from every error; the runs of errors
/// that this band itself flags (a score above 1), grown on both sides to the whole contiguous deviation (while the
/// error stays on the same side and above <see cref="GrowScore"/> of the band), are the incidents. The band is then
/// estimated again without them. Only runs with at least <see cref="MinFlagged"/> points beyond the band count: a lone
/// spike is the series' own tail, which the band must keep covering. The masked share is capped at
/// <see cref="MaxShare"/> of the errors, the runs with the highest peak first. There is no feedback loop: the
/// incidents are always those of the unmasked band of the same fit, never of an earlier, narrower one. The level
/// tracker is never masked, so a real level shift is still learnt.
/// </summary>
internal static class IncidentMask
{
    /// <summary>
    /// The fewest points beyond the band that a run must hold to be an incident (ten minutes of one-minute data): at 3,
    /// NAB lost 0.3 (shipped rule) where the KPIs gained 1.0; at 10 NAB holds and the KPIs gain 0.2.
    /// </summary>
    internal const int MinFlagged = 10;

    /// <summary>The largest share of the errors masked.</summary>
    internal const double MaxShare = 0.02;

    /// <summary>The score, relative to the band, above which a run grows on either side.</summary>
    internal const double GrowScore = 0.5;

    /// <summary>
    /// <paramref name="errors"/> with the incidents <paramref name="band"/> flags set to NaN, or null when there are
    /// none. <paramref name="localSeconds"/> places each error on the band's day profile (empty: no local clock).
    /// </summary>
    public static double[]? Apply(ReadOnlySpan<double> errors, Band band, ReadOnlySpan<double> localSeconds)
    {
        var n = errors.Length;
        if (n == 0 || !(band.Scale > 0))
        {
            return null;
        }

        var score = System.Buffers.ArrayPool<double>.Shared.Rent(n);
        try
        {
            return Apply(errors, band, localSeconds, score);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(score);
        }
    }

    private static double[]? Apply(ReadOnlySpan<double> errors, Band band, ReadOnlySpan<double> localSeconds, double[] score)
    {
        var n = errors.Length;
        var observed = 0;
        for (var i = 0; i < n; i++)
        {
            var e = errors[i];
            if (double.IsNaN(e))
            {
                score[i] = double.NaN;
                continue;
            }

            observed++;
            var half = band.HalfWidth(localSeconds.IsEmpty ? 0 : localSeconds[i], e);
            score[i] = half > 0 ? e / half : 0;
        }

        List<(int Start, int End, double Peak)>? runs = null;
        for (var i = 0; i < n; i++)
        {
            if (!(Math.Abs(score[i]) > 1))
            {
                continue;
            }

            var sign = Math.Sign(score[i]);
            int start = i, end = i;
            while (start > 0 && sign * score[start - 1] > GrowScore)
            {
                start--;
            }

            while (end + 1 < n && sign * score[end + 1] > GrowScore)
            {
                end++;
            }

            var flagged = 0;
            var peak = 0.0;
            for (var j = start; j <= end; j++)
            {
                if (sign * score[j] > 1)
                {
                    flagged++;
                    peak = Math.Max(peak, sign * score[j]);
                }
            }

            if (flagged >= MinFlagged)
            {
                (runs ??= []).Add((start, end, peak));
            }

            i = end;
        }

        if (runs is null)
        {
            return null;
        }

        runs.Sort((a, b) => b.Peak.CompareTo(a.Peak));
        var budget = (int)(MaxShare * observed);
        var masked = errors.ToArray();
        var any = false;
        foreach (var (start, end, _) in runs)
        {
            var length = end - start + 1;
            if (length > budget)
            {
                continue;
            }

            budget -= length;
            masked.AsSpan(start, length).Fill(double.NaN);
            any = true;
        }

        return any ? masked : null;
    }
}
