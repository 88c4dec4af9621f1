using System.Buffers;
using Sidecar.Models.Baseline;
using Sidecar.Models.Ewma;
using Sidecar.Models.Level;
using Sidecar.Models.Prophet;

namespace Sidecar.Models.Auto;

/// <summary>
/// Chooses the model family for one series, cheaply. Below two days of history (or for data sampled every six
/// hours or more) only the non-seasonal <see cref="ModelKind.Ewma"/> applies. Otherwise the robust seasonal
/// baseline is the default, and Prophet replaces it only when it cuts the held-out error by
/// 1 − <see cref="Margin"/>: both structures are fitted on the window minus its last day, then the forecast the
/// sidecar would really serve (structure + the causal local level, held for an hour between fits) runs over the
/// held-out day, compared by mean absolute error. The strong default is deliberate: on NAB, every looser rule
/// (plain minimum error, EWMA as a third challenger) picked worse models than the baseline alone. Pure;
/// thread-safe.
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
