namespace Sidecar.Models.Fitting;

/// <summary>
/// Penalised robust regression that keeps XᵀX fixed, so one design matrix and Gram matrix serve every series
/// on a grid. Missing rows are imputed by the current fit (EM) and outliers are handled with
/// pseudo-observations z = ŷ + s·ψ(r/s) (Huber, then Tukey's biweight, which rejects gross outliers such as
/// a past outage completely): each iteration solves (XᵀX + c·Λ) β = Xᵀz. The scale s is a robust residual
/// scale, optionally per scale bin (local hour of day) so quiet hours are not under-weighted.
/// </summary>
internal static class RobustRegression
{
    private const double HuberK = 2.0;
    private const double TukeyC = 4.685;
    private const double Tolerance = 1e-5;

    /// <summary>
    /// Fits β. <paramref name="y"/> holds NaN for rows not to be fitted. <paramref name="fitted"/> receives
    /// ŷ = Xβ for every row. Returns β (length <paramref name="cols"/>). <paramref name="leverage"/> receives the
    /// leverage xᵀ(XᵀX + c·Λ)⁻¹x of each row listed in <paramref name="leverageRows"/> (none: not wanted): the share of
    /// its own fitted value that the row itself sets, so its residual left out of the fit is about r / (1 − leverage).
    /// </summary>
    public static double[] Fit(
        ReadOnlySpan<double> x,
        int rows,
        int cols,
        ReadOnlySpan<double> gram,
        ReadOnlySpan<double> lambda,
        double penalty,
        ReadOnlySpan<double> y,
        ReadOnlySpan<byte> scaleBins,
        int binCount,
        Span<double> fitted,
        ReadOnlySpan<int> leverageRows = default,
        Span<double> leverage = default,
        int maxIterations = 24)
    {
        var a = new double[cols * cols];
        gram.CopyTo(a);
        for (var j = 0; j < cols; j++)
        {
            a[(j * cols) + j] += penalty * lambda[j];
        }

        var chol = Cholesky.Factor(a, cols);
        var beta = new double[cols];
        var rhs = new double[cols];
        var residuals = new double[rows];
        var scratch = new double[rows];
        var binScale = new double[Math.Max(binCount, 1)];
        binScale.AsSpan().Fill(1.0);

        // start: missing rows at the median of the observed ones
        var m = 0;
        for (var i = 0; i < rows; i++)
        {
            if (!double.IsNaN(y[i]))
            {
                scratch[m++] = y[i];
            }
        }

        if (m == 0)
        {
            fitted[..rows].Clear();
            Leverage(chol, x, leverageRows, leverage);
            return beta;
        }

        var start = RobustStats.Median(scratch.AsSpan(0, m));
        for (var i = 0; i < rows; i++)
        {
            var z = double.IsNaN(y[i]) ? start : y[i];
            Blas.Axpy(z, x.Slice(i * cols, cols), rhs);
        }

        rhs.CopyTo(beta, 0);
        chol.Solve(beta);

        var sigma = 0.0;
        var phase = 0; // 0: least squares (EM only), 1: Huber, 2: Tukey
        var phaseIterations = 0;
        for (var it = 0; it < maxIterations; it++)
        {
            Array.Clear(rhs);
            for (var i = 0; i < rows; i++)
            {
                var row = x.Slice(i * cols, cols);
                var yhat = Blas.Dot(row, beta);
                var z = yhat;
                var yi = y[i];
                if (!double.IsNaN(yi))
                {
                    var r = yi - yhat;
                    residuals[i] = r;
                    z = phase == 0 ? yi : yhat + Psi(r, sigma * binScale[binCount > 1 ? scaleBins[i] : 0], phase);
                }
                else
                {
                    residuals[i] = double.NaN;
                }

                Blas.Axpy(z, row, rhs);
            }

            chol.Solve(rhs);
            var change = 0.0;
            var size = 0.0;
            for (var j = 0; j < cols; j++)
            {
                change = Math.Max(change, Math.Abs(rhs[j] - beta[j]));
                size = Math.Max(size, Math.Abs(rhs[j]));
            }

            (beta, rhs) = (rhs, beta);
            phaseIterations++;
            var converged = change <= Tolerance * (1 + size);
            if (phase == 0 ? phaseIterations >= 2 || converged : phase == 1 ? converged || phaseIterations >= 8 : converged || phaseIterations >= 6)
            {
                if (phase == 2)
                {
                    break;
                }

                // entering a robust phase: scale from the current residuals
                sigma = ResidualScale(residuals.AsSpan(0, rows), scaleBins, binCount, binScale, scratch);
                if (sigma <= 0)
                {
                    break;
                }

                phase++;
                phaseIterations = 0;
            }
        }

        for (var i = 0; i < rows; i++)
        {
            fitted[i] = Blas.Dot(x.Slice(i * cols, cols), beta);
        }

        Leverage(chol, x, leverageRows, leverage);
        return beta;
    }

    private static void Leverage(Cholesky chol, ReadOnlySpan<double> x, ReadOnlySpan<int> rows, Span<double> leverage)
    {
        if (!rows.IsEmpty)
        {
            chol.InverseQuadratics(x, rows, leverage);
        }
    }

    private static double Psi(double r, double s, int phase)
    {
        if (s <= 0)
        {
            return r;
        }

        var u = r / s;
        if (phase == 1)
        {
            return u > HuberK ? HuberK * s : u < -HuberK ? -HuberK * s : r;
        }

        if (Math.Abs(u) >= TukeyC)
        {
            return 0;
        }

        var w = 1 - ((u / TukeyC) * (u / TukeyC));
        return r * w * w;
    }

    /// <summary>
    /// Robust residual scale (MAD·1.4826) overall, and per bin relative multipliers shrunk toward 1
    /// (written to <paramref name="binScale"/>). Returns the overall scale.
    /// </summary>
    private static double ResidualScale(ReadOnlySpan<double> residuals, ReadOnlySpan<byte> bins, int binCount, Span<double> binScale, double[] scratch)
    {
        var m = 0;
        foreach (var r in residuals)
        {
            if (!double.IsNaN(r))
            {
                scratch[m++] = Math.Abs(r);
            }
        }

        var sigma = RobustStats.MadToSigma * RobustStats.Median(scratch.AsSpan(0, m));
        if (binCount <= 1 || !(sigma > 0))
        {
            return sigma;
        }

        var counts = new int[binCount];
        var offsets = new int[binCount + 1];
        for (var i = 0; i < residuals.Length; i++)
        {
            if (!double.IsNaN(residuals[i]))
            {
                counts[bins[i]]++;
            }
        }

        for (var b = 0; b < binCount; b++)
        {
            offsets[b + 1] = offsets[b] + counts[b];
        }

        var fill = (int[])offsets.Clone();
        for (var i = 0; i < residuals.Length; i++)
        {
            if (!double.IsNaN(residuals[i]))
            {
                scratch[fill[bins[i]]++] = Math.Abs(residuals[i]);
            }
        }

        for (var b = 0; b < binCount; b++)
        {
            var n = counts[b];
            var local = n > 0 ? RobustStats.MadToSigma * RobustStats.Median(scratch.AsSpan(offsets[b], n)) / sigma : 1.0;
            // a few points say little: shrink toward the overall scale
            binScale[b] = Math.Max(0.2, ((n * local) + 20.0) / (n + 20.0));
        }

        return sigma;
    }
}
