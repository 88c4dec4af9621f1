using Sidecar.Models.Baseline;
using Sidecar.Models.Ewma;
using Sidecar.Models.Level;
using Sidecar.Models.Prophet;

namespace Sidecar.Models.Auto;

/// <summary>
/// Chooses the model family for one series, cheaply: each candidate's structure is fitted on the window
/// minus its last day, then the forecast the sidecar would really serve (structure + the causal local level,
/// held for an hour between fits) runs over the held-out day; the candidate with the smallest mean absolute
/// error there wins (ties go to the simpler model). With less than two days of history only the
/// non-seasonal model is eligible. Pure; thread-safe.
/// </summary>
internal static class AutoSelector
{
    /// <summary>Length of the held-out tail.</summary>
    public const double HoldoutMs = 86400e3;

    /// <summary>History needed before seasonal candidates compete: a day to learn from and a day to check it on.</summary>
    public const double MinSeasonalHistoryMs = 2 * 86400e3;

    public static ModelKind Choose(FitGrid grid, ReadOnlySpan<double> values, Func<ProphetGrid> prophetGrid, ReadOnlySpan<bool> excluded)
    {
        var ts = grid.TimestampsMs;
        var n = ts.Length;
        var covered = n == 0 ? 0 : ts[n - 1] - ts[0] + grid.StepMs;
        if (covered < MinSeasonalHistoryMs || grid.StepMs >= 3600e3)
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
        var training = new bool[n];
        for (var i = 0; i < n; i++)
        {
            training[i] = i >= cut || excluded[i];
        }

        var best = ModelKind.Ewma;
        var bestError = HoldoutError(ts, usable, null, options, cut, 1000);
        if (SeasonalBaselineFitter.Grouping(ts, grid.StepMs) is { } grouping)
        {
            var masked = (double[])usable.Clone();
            masked.AsSpan(cut).Fill(double.NaN);
            var profile = SeasonalBaselineFitter.BuildProfile(masked, grid.LocalSeconds, grouping, grid.StepMs, SeasonalBaselineFitter.HolidayDays(options, ts), new double[n]);
            var structure = new double[n];
            for (var i = 0; i < n; i++)
            {
                structure[i] = profile.At(grid.LocalSeconds[i]);
            }

            var error = HoldoutError(ts, usable, structure, options, cut, 0);
            if (error < bestError)
            {
                (best, bestError) = (ModelKind.SeasonalBaseline, error);
            }
        }

        var prophet = ProphetFitter.FitStructure(prophetGrid(), values, training, options);
        if (HoldoutError(ts, usable, prophet.Predictions, options, cut, 0) < bestError)
        {
            best = ModelKind.Prophet;
        }

        return best;
    }

    private static double HoldoutError(ReadOnlySpan<long> ts, double[] usable, double[]? structure, ModelOptions options, int cut, double minHalfLifeMs)
    {
        var residuals = usable;
        if (structure is not null)
        {
            residuals = new double[usable.Length];
            for (var i = 0; i < usable.Length; i++)
            {
                residuals[i] = usable[i] - structure[i];
            }
        }

        var track = LevelTracker.Track(ts, residuals, Math.Max(options.EwmaHalfLifeSeconds * 1000, minHalfLifeMs), options.LevelShiftSeconds * 1000, EwmaFitter.BandHorizonMs);
        double sum = 0;
        var count = 0;
        for (var i = cut; i < usable.Length; i++)
        {
            if (!double.IsNaN(track.Errors[i]))
            {
                sum += Math.Abs(track.Errors[i]);
                count++;
            }
        }

        return count == 0 ? double.PositiveInfinity : sum / count;
    }
}
