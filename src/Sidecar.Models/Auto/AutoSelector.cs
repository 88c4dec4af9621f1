using System.Buffers;
using Sidecar.Models.Baseline;
using Sidecar.Models.Ewma;
using Sidecar.Models.Fitting;
using Sidecar.Models.Level;
using Sidecar.Models.Prophet;

namespace Sidecar.Models.Auto;

/// <summary>
/// Chooses the model family for one series, cheaply. Below two days of history (or for data sampled every six
/// hours or more) only the non-seasonal <see cref="ModelKind.Ewma"/> applies. Otherwise the robust seasonal
/// baseline is the default, and Prophet replaces it only when it cuts the held-out error by
/// 1 − <see cref="Margin"/>: both structures are fitted on the window minus its last day, then the forecast the
/// sidecar would really serve (structure + the causal local level, held for an hour between fits) runs over the
/// held-out day, compared by mean absolute error. Prophet is not even fitted when the baseline's held-out error is
/// already within 1 / <see cref="Margin"/> of the day's point-to-point noise (<see cref="NoiseFloor"/>), which no
/// model can undercut: on smooth, noisy series that skips the costliest part of the choice. Only for data sampled at
/// least every <see cref="ProphetGrid.FitBinMs"/>, finer than any structure resolves, so that neighbouring points
/// differ by noise alone (on NAB's hourly and half-hourly files the floor overstated it and changed choices). The
/// strong default is deliberate: on NAB, every looser rule (plain minimum error, EWMA as a third challenger) picked
/// worse models than the baseline alone. Pure; thread-safe.
/// </summary>
internal static class AutoSelector
{
    /// <summary>Length of the held-out tail.</summary>
    public const double HoldoutMs = 86400e3;

    /// <summary>Prophet's held-out error must be below this fraction of the baseline's to replace it.</summary>
    public const double Margin = 0.6;

    /// <summary>History needed before seasonal candidates compete: a day to learn from and a day to check it on.</summary>
    public const double MinSeasonalHistoryMs = 2 * 86400e3;

    public static ModelKind Choose(FitGrid grid, ReadOnlySpan<double> values, Func<ProphetGrid> prophetGrid, ReadOnlySpan<bool> excluded)
    {
        var ts = grid.TimestampsMs;
        var n = ts.Length;
        var covered = n == 0 ? 0 : ts[n - 1] - ts[0] + grid.StepMs;
        if (covered < MinSeasonalHistoryMs || SeasonalBaselineFitter.Grouping(ts, grid.StepMs) is not { } grouping)
        {
            return ModelKind.Ewma;
        }

        var cutTime = ts[n - 1] + grid.StepMs - HoldoutMs;
        var cut = 0;
        while (cut < n && ts[cut] < cutTime)
        {
            cut++;
        }

        var options = grid.Options;
        var usable = EwmaFitter.Usable(values, excluded);
        var training = ArrayPool<bool>.Shared.Rent(n);
        var masked = ArrayPool<double>.Shared.Rent(n);
        var structure = ArrayPool<double>.Shared.Rent(n);
        var residuals = ArrayPool<double>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                training[i] = i >= cut || excluded[i];
            }

            // the seasonal baseline is the default; Prophet must beat it clearly on the held-out day
            usable.AsSpan(0, cut).CopyTo(masked);
            masked.AsSpan(cut, n - cut).Fill(double.NaN);
            var (profile, trend) = SeasonalBaselineFitter.BuildStructure(masked.AsSpan(0, n), ts, grid.LocalSeconds, grouping, grid.StepMs, SeasonalBaselineFitter.HolidayDays(options, ts), ts[Math.Max(cut - 1, 0)], []);
            profile.At(grid.LocalSeconds, structure.AsSpan(0, n));
            for (var i = 0; i < n; i++)
            {
                structure[i] += trend.At(ts[i]);
            }

            var baselineError = HoldoutError(ts, usable, structure, options, cut, residuals);
            if (grid.StepMs <= ProphetGrid.FitBinMs && Margin * baselineError <= NoiseFloor(residuals.AsSpan(0, n), cut))
            {
                // no forecast can err less than the point-to-point noise left around the baseline's structure:
                // Prophet cannot win, so it is not fitted
                return ModelKind.SeasonalBaseline;
            }

            var prophet = ProphetFitter.FitStructure(prophetGrid(), values, training.AsSpan(0, n), options);
            return HoldoutError(ts, usable, prophet.Predictions, options, cut, residuals) < Margin * baselineError
                ? ModelKind.Prophet
                : ModelKind.SeasonalBaseline;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(training);
            ArrayPool<double>.Shared.Return(masked);
            ArrayPool<double>.Shared.Return(structure);
            ArrayPool<double>.Shared.Return(residuals);
        }
    }

    /// <summary>
    /// The least mean absolute error any forecast can have on the held-out tail (from <paramref name="cut"/>) of
    /// <paramref name="residuals"/> (values less the baseline's structure, NaN skipped): that of their point-to-point
    /// noise, whose σ the robust scale of consecutive differences gives (|Δ| / √2, as each difference holds two draws),
    /// times E|Z| = √(2/π) for Gaussian noise. Differencing the residuals, not the values, keeps the cycle's own
    /// movement between points out of it; what is left of the structure's error and the level moves little from one
    /// point to the next. 0 when fewer than 8 pairs exist.
    /// </summary>
    internal static double NoiseFloor(ReadOnlySpan<double> residuals, int cut)
    {
        var n = residuals.Length - cut;
        if (n < 9)
        {
            return 0;
        }

        var diffs = ArrayPool<double>.Shared.Rent(n);
        var m = 0;
        for (var i = cut + 1; i < residuals.Length; i++)
        {
            var d = residuals[i] - residuals[i - 1];
            if (!double.IsNaN(d))
            {
                diffs[m++] = Math.Abs(d);
            }
        }

        var floor = m < 8 ? 0 : Math.Sqrt(2 / Math.PI) * RobustStats.MadToSigma * RobustStats.Median(diffs.AsSpan(0, m)) / Math.Sqrt(2);
        ArrayPool<double>.Shared.Return(diffs);
        return floor;
    }

    /// <summary>Mean absolute error over the held-out tail (from <paramref name="cut"/>) of the structure plus the causal local level.</summary>
    private static double HoldoutError(ReadOnlySpan<long> ts, double[] usable, double[] structure, ModelOptions options, int cut, double[] residuals)
    {
        for (var i = 0; i < usable.Length; i++)
        {
            residuals[i] = usable[i] - structure[i];
        }

        var errors = ArrayPool<double>.Shared.Rent(usable.Length);
        var levels = ArrayPool<double>.Shared.Rent(usable.Length);
        LevelTracker.Track(ts, residuals.AsSpan(0, usable.Length), options.EwmaHalfLifeSeconds * 1000, options.LevelShiftSeconds * 1000, EwmaFitter.BandHorizonMs, errors, levels);
        double sum = 0;
        var count = 0;
        for (var i = cut; i < usable.Length; i++)
        {
            if (!double.IsNaN(errors[i]))
            {
                sum += Math.Abs(errors[i]);
                count++;
            }
        }

        ArrayPool<double>.Shared.Return(errors);
        ArrayPool<double>.Shared.Return(levels);
        return count == 0 ? double.PositiveInfinity : sum / count;
    }
}
