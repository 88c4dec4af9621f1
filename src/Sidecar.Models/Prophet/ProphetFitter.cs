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
        var n = values.Length;
        var leftOut = new double[n];
        var fit = FitStructure(grid, values, excluded, options, leftOut);
        // leftOut becomes the residuals against the left-out structure
        var residuals = new double[n];
        for (var i = 0; i < n; i++)
        {
            var usable = double.IsFinite(values[i]) && !excluded[i];
            residuals[i] = usable ? values[i] - fit.Predictions[i] : double.NaN;
            leftOut[i] = residuals[i] + (fit.Predictions[i] - leftOut[i]);
        }

        // the local level of the residuals corrects the structure for drift and accepted level shifts
        var halfLifeMs = options.EwmaHalfLifeSeconds * 1000;
        var shiftMs = options.LevelShiftSeconds * 1000;
        var track = LevelTracker.Track(grid.Timestamps, residuals, halfLifeMs, shiftMs, EwmaFitter.BandHorizonMs);
        // the band is calibrated on the errors each point would have had with its hour left out of the structure (out
        // of sample, as the seasonal baseline's leave-one-day-out errors are), the level tracking those residuals: in
        // sample they understate what the next days bring, the more so the fewer rows per structure column
        var errors = LevelTracker.Track(grid.Timestamps, leftOut, halfLifeMs, shiftMs, EwmaFitter.BandHorizonMs);
        var band = BandCalibration.Calibrate(errors.Errors, EwmaFitter.Usable(values, excluded), grid.Timestamps, grid.LocalSeconds, options, grid.HasDailyCycle ? 24 : 1, fit.YScale * 1e-6)
            .WithHorizon(grid.Timestamps.Length == 0 ? 0 : grid.Timestamps[^1], HorizonWidening.Calibrate(grid.Timestamps, leftOut, errors.Errors, errors.Levels));
        return new ProphetModel(options, grid.Spec, fit.Beta, fit.TrendForSeasonality, fit.YScale, track.FinalLevel, band);
    }

    /// <summary>The largest leverage a row's left-out prediction is extrapolated from.</summary>
    private const double MaxLeverage = 0.9;

    /// <summary>
    /// Fits trend + seasonalities + holidays on the points not <paramref name="excluded"/>, and predicts the
    /// structure at every point of the grid (series units), excluded ones included. <paramref name="leftOut"/>, when
    /// not empty, receives at every point the structure its fit row would have had were its hour left out of the fit
    /// (a penalised linear fit's leave-one-out, ŷ − h/(1 − h)·(y − ŷ), with h the leverage of the hour's rows).
    /// </summary>
    public static ProphetStructure FitStructure(ProphetGrid grid, ReadOnlySpan<double> values, ReadOnlySpan<bool> excluded, ModelOptions options, Span<double> leftOut = default)
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
        var sampled = leftOut.IsEmpty ? [] : grid.LeverageRows;
        var leverage = new double[sampled.Length];
        var beta = RobustRegression.Fit(grid.X, rows, grid.Cols, grid.Gram, grid.Lambda, penalty, rowY, grid.ScaleBins, bins, fittedRows, sampled, leverage);
        double[]? trendForSeasonality = null;
        if (options.SeasonalityMode == SeasonalityMode.Multiplicative && grid.Spec.Columns > grid.Spec.TrendColumns)
        {
            trendForSeasonality = beta[..grid.Spec.TrendColumns];
            beta = FitMultiplicative(grid, trendForSeasonality, penalty, rowY, bins, fittedRows, sampled, leverage);
        }

        var predictions = new double[n];
        for (var i = 0; i < n; i++)
        {
            var left = grid.InterpLeft[i];
            var w = grid.InterpWeight[i];
            var yhat = w == 0 ? fittedRows[left] : ((1 - w) * fittedRows[left]) + (w * fittedRows[left + 1]);
            predictions[i] = yhat * yScale;
        }

        if (sampled.Length > 0)
        {
            // leverage moves smoothly with time: computed on rows an hour apart, interpolated between them
            var k = 0;
            var rowLeverage = 0.0;
            for (var i = 0; i < n; i++)
            {
                var r = grid.RowOfPoint[i];
                if (i == 0 || r != grid.RowOfPoint[i - 1])
                {
                    while (k + 1 < sampled.Length && sampled[k + 1] <= r)
                    {
                        k++;
                    }

                    rowLeverage = k + 1 < sampled.Length && sampled[k] < r
                        ? leverage[k] + ((leverage[k + 1] - leverage[k]) * (grid.RowTimesMs[r] - grid.RowTimesMs[sampled[k]]) / (grid.RowTimesMs[sampled[k + 1]] - grid.RowTimesMs[sampled[k]]))
                        : leverage[k];
                }

                // the hour is left out, not the row alone: its rows (Tempering of them) have near-equal leverage
                // and errors that move together, and leaving one out of an hour would change the fit as little
                var h = Math.Clamp(rowLeverage * grid.Tempering, 0, MaxLeverage);
                var rowResidual = double.IsNaN(rowY[r]) ? 0 : rowY[r] - fittedRows[r];
                leftOut[i] = predictions[i] - (h / (1 - h) * rowResidual * yScale);
            }
        }

        return new ProphetStructure(beta, trendForSeasonality, yScale, predictions);
    }

    private static double[] FitMultiplicative(ProphetGrid grid, double[] trendBeta, double penalty, double[] rowY, int bins, double[] fittedRows, int[] leverageRows, double[] leverage)
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
        return RobustRegression.Fit(x, rows, cols, gram, grid.Lambda, penalty, rowY, grid.ScaleBins, bins, fittedRows, leverageRows, leverage);
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
