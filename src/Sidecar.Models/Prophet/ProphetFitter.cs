using Sidecar.Models.Bands;
using Sidecar.Models.Ewma;
using Sidecar.Models.Level;
using Sidecar.Models.Fitting;

namespace Sidecar.Models.Prophet;

/// <summary>
/// Fits <see cref="ProphetModel"/> on a shared <see cref="ProphetGrid"/>. The MAP problem is solved as a
/// ridge: changepoint slopes get a Gaussian prior with the variance of Prophet's Laplace(τ) (2τ²), seasonal
/// and holiday coefficients N(0, σ²) with their prior scales, on the Prophet scale y / max|y|; the noise
/// variance comes from first differences, and the likelihood is tempered to at most one observation per hour
/// so minute data do not overrule the priors (Prophet's trend "runs away" on such data). Outliers are
/// handled by <see cref="RobustRegression"/>. Multiplicative seasonality is linearised: a first additive
/// fit gives the trend g(t), then y ≈ trend(t) + g(t)·seasonal(t) is fitted. Thread-safe.
/// </summary>
internal static class ProphetFitter
{
    public static ProphetModel Fit(ProphetGrid grid, ReadOnlySpan<double> values, ReadOnlySpan<bool> excluded, ModelOptions options)
    {
        var fit = FitStructure(grid, values, excluded, options);
        var residuals = new double[values.Length];
        for (var i = 0; i < residuals.Length; i++)
        {
            residuals[i] = double.IsFinite(values[i]) && !excluded[i] ? values[i] - fit.Predictions[i] : double.NaN;
        }

        // the local level of the residuals corrects the structure for drift and accepted level shifts
        var track = LevelTracker.Track(grid.Timestamps, residuals, options.EwmaHalfLifeSeconds * 1000, options.LevelShiftSeconds * 1000, EwmaFitter.BandHorizonMs);
        var band = BandCalibration.Calibrate(track.Errors, EwmaFitter.Usable(values, excluded), grid.Timestamps, grid.LocalSeconds, options, grid.HasDailyCycle ? 24 : 1, fit.YScale * 1e-6)
            .WithHorizon(grid.Timestamps.Length == 0 ? 0 : grid.Timestamps[^1], HorizonWidening.Calibrate(grid.Timestamps, residuals, track.Errors, track.Levels));
        return new ProphetModel(options, grid.Spec, fit.Beta, fit.TrendForSeasonality, fit.YScale, track.FinalLevel, band);
    }

    /// <summary>
    /// Fits trend + seasonalities + holidays on the points not <paramref name="excluded"/>, and predicts the
    /// structure at every point of the grid (series units), excluded ones included.
    /// </summary>
    public static ProphetStructure FitStructure(ProphetGrid grid, ReadOnlySpan<double> values, ReadOnlySpan<bool> excluded, ModelOptions options)
    {
        var n = values.Length;
        var yScale = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(values[i]) && !excluded[i])
            {
                yScale = Math.Max(yScale, Math.Abs(values[i]));
            }
        }

        if (yScale == 0)
        {
            yScale = 1;
        }

        var rows = grid.Rows;
        var rowY = RowMedians(grid, values, excluded, yScale);
        var sigma = NoiseScale(rowY);
        var penalty = grid.Tempering * sigma * sigma;
        var fittedRows = new double[rows];
        var bins = grid.HasDailyCycle ? 24 : 1;
        var beta = RobustRegression.Fit(grid.X, rows, grid.Cols, grid.Gram, grid.Lambda, penalty, rowY, grid.ScaleBins, bins, fittedRows);
        double[]? trendForSeasonality = null;
        if (options.SeasonalityMode == SeasonalityMode.Multiplicative && grid.Spec.Columns > grid.Spec.TrendColumns)
        {
            trendForSeasonality = beta[..grid.Spec.TrendColumns];
            beta = FitMultiplicative(grid, trendForSeasonality, penalty, rowY, bins, fittedRows);
        }

        var predictions = new double[n];
        for (var i = 0; i < n; i++)
        {
            var left = grid.InterpLeft[i];
            var w = grid.InterpWeight[i];
            var yhat = w == 0 ? fittedRows[left] : ((1 - w) * fittedRows[left]) + (w * fittedRows[left + 1]);
            predictions[i] = yhat * yScale;
        }

        return new ProphetStructure(beta, trendForSeasonality, yScale, predictions);
    }

    private static double[] FitMultiplicative(ProphetGrid grid, double[] trendBeta, double penalty, double[] rowY, int bins, double[] fittedRows)
    {
        var rows = grid.Rows;
        var cols = grid.Cols;
        var first = grid.Spec.TrendColumns;
        var x = (double[])grid.X.Clone();
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * cols, cols);
            var g = Blas.Dot(row[..first], trendBeta);
            for (var c = first; c < cols; c++)
            {
                row[c] *= g;
            }
        }

        var gram = Blas.Gram(x, rows, cols);
        return RobustRegression.Fit(x, rows, cols, gram, grid.Lambda, penalty, rowY, grid.ScaleBins, bins, fittedRows);
    }

    /// <summary>Median of each row's usable points, divided by <paramref name="yScale"/>; NaN for empty rows.</summary>
    private static double[] RowMedians(ProphetGrid grid, ReadOnlySpan<double> values, ReadOnlySpan<bool> excluded, double yScale)
    {
        var rowY = new double[grid.Rows];
        Span<double> buf = stackalloc double[64];
        for (var r = 0; r < grid.Rows; r++)
        {
            var start = grid.RowStart[r];
            var end = grid.RowStart[r + 1];
            var m = 0;
            var scratch = end - start <= buf.Length ? buf : new double[end - start];
            for (var i = start; i < end; i++)
            {
                if (double.IsFinite(values[i]) && !excluded[i])
                {
                    scratch[m++] = values[i];
                }
            }

            rowY[r] = m == 0 ? double.NaN : RobustStats.Median(scratch[..m]) / yScale;
        }

        return rowY;
    }

    /// <summary>Noise σ from first differences of consecutive rows (robust, blind to trend and seasonality).</summary>
    private static double NoiseScale(double[] rowY)
    {
        var diffs = new double[rowY.Length];
        var m = 0;
        for (var r = 1; r < rowY.Length; r++)
        {
            var d = rowY[r] - rowY[r - 1];
            if (!double.IsNaN(d))
            {
                diffs[m++] = Math.Abs(d);
            }
        }

        var sigma = m == 0 ? 0 : RobustStats.MadToSigma * RobustStats.Median(diffs.AsSpan(0, m)) / Math.Sqrt(2);
        return Math.Max(sigma, 1e-4);
    }
}
