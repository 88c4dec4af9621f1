using Sidecar.Models.Features;
using Sidecar.Models.Fitting;

namespace Sidecar.Models.Prophet;

/// <summary>
/// Everything about a Prophet fit that depends only on the time grid, computed once and shared by every
/// series on it: the fit rows (dense data are fitted on robust medians of 10-minute bins, since the smooth
/// components cannot resolve finer detail and a median of a few points already ignores one-point spikes),
/// the design matrix of those rows and its Gram matrix XᵀX, and how each point interpolates its fit row
/// prediction. Immutable; thread-safe.
/// </summary>
internal sealed class ProphetGrid
{
    /// <summary>Width of a fit row for dense data.</summary>
    public const long FitBinMs = 10 * 60 * 1000;

    /// <summary>Observations per hour that the priors assume at most (the likelihood is tempered beyond that).</summary>
    public const double ReferencePointsPerHour = 1.0;

    /// <summary>The least time between two rows of <see cref="LeverageRows"/>.</summary>
    public const long LeverageSpacingMs = 3_600_000;

    public ProphetGrid(ReadOnlySpan<long> timestampsMs, double stepMs, ModelOptions options)
    {
        var n = timestampsMs.Length;
        Timestamps = timestampsMs.ToArray();
        Spec = ProphetLayout.Compile(options, timestampsMs[0], timestampsMs[n - 1], stepMs);
        Cols = Spec.Columns;

        // fit rows: consecutive points in the same bin share a row
        var binMs = Math.Max(FitBinMs, (long)stepMs);
        RowOfPoint = new int[n];
        var rowStart = new List<int>();
        var rowTimes = new List<long>();
        long current = long.MinValue;
        for (var i = 0; i < n; i++)
        {
            var bin = (timestampsMs[i] - timestampsMs[0]) / binMs;
            if (stepMs >= FitBinMs || bin != current)
            {
                current = bin;
                rowStart.Add(i);
            }

            RowOfPoint[i] = rowStart.Count - 1;
        }

        Rows = rowStart.Count;
        RowStart = [.. rowStart, n];
        var times = new long[Rows];
        for (var r = 0; r < Rows; r++)
        {
            double sum = 0;
            for (var i = RowStart[r]; i < RowStart[r + 1]; i++)
            {
                sum += timestampsMs[i] - timestampsMs[0];
            }

            times[r] = timestampsMs[0] + (long)Math.Round(sum / (RowStart[r + 1] - RowStart[r]));
        }

        RowTimesMs = times;
        var sampled = new List<int>();
        for (var r = 0; r < Rows; r++)
        {
            if (r == 0 || r == Rows - 1 || times[r] - times[sampled[^1]] >= LeverageSpacingMs)
            {
                sampled.Add(r);
            }
        }

        LeverageRows = [.. sampled];
        X = Spec.Build(times);
        Gram = Blas.Gram(X, Rows, Cols);
        Lambda = Spec.PriorPrecision(options.ChangepointPriorScale);
        var hours = Math.Max((timestampsMs[n - 1] - timestampsMs[0]) / 3.6e6, 1.0);
        Tempering = Math.Max(1.0, Rows / (hours * ReferencePointsPerHour));

        HasDailyCycle = ProphetLayout.HasDailyCycle(Spec);
        var clock = LocalClock.For(options.TimeZone);
        LocalSeconds = new double[n];
        for (var i = 0; i < n; i++)
        {
            LocalSeconds[i] = clock.LocalSeconds(timestampsMs[i]);
        }

        ScaleBins = new byte[Rows];
        if (HasDailyCycle)
        {
            for (var r = 0; r < Rows; r++)
            {
                var local = clock.LocalSeconds(times[r]) / 3600.0;
                ScaleBins[r] = (byte)Math.Min(23, (int)(local - (Math.Floor(local / 24) * 24)));
            }
        }

        // linear interpolation of row predictions at every point
        InterpLeft = new int[n];
        InterpWeight = new double[n];
        for (var i = 0; i < n; i++)
        {
            var r = RowOfPoint[i];
            var left = timestampsMs[i] >= times[r] ? r : r - 1;
            if (left < 0 || left >= Rows - 1)
            {
                InterpLeft[i] = Math.Clamp(left, 0, Rows - 1);
                InterpWeight[i] = 0;
                continue;
            }

            InterpLeft[i] = left;
            InterpWeight[i] = (double)(timestampsMs[i] - times[left]) / (times[left + 1] - times[left]);
        }
    }

    public FeatureSpec Spec { get; }

    /// <summary>Timestamps of the points.</summary>
    public long[] Timestamps { get; }

    public int Cols { get; }

    public int Rows { get; }

    /// <summary>Row of each point.</summary>
    public int[] RowOfPoint { get; }

    /// <summary>First point of each row, plus the point count at the end.</summary>
    public int[] RowStart { get; }

    /// <summary>Timestamp of each row (mean of its points).</summary>
    public long[] RowTimesMs { get; }

    /// <summary>
    /// The rows whose leverage a fit computes (the first, the last, and between them rows at least
    /// <see cref="LeverageSpacingMs"/> apart); the others interpolate it in time, since it moves smoothly.
    /// </summary>
    public int[] LeverageRows { get; }

    /// <summary>Row-major design matrix of the fit rows.</summary>
    public double[] X { get; }

    /// <summary>XᵀX.</summary>
    public double[] Gram { get; }

    /// <summary>Prior precision per column, in units of the noise variance.</summary>
    public double[] Lambda { get; }

    /// <summary>Factor by which the likelihood is tempered so dense data do not overrule the priors.</summary>
    public double Tempering { get; }

    /// <summary>True when a daily or weekly seasonality is on (noise scale then varies by local hour).</summary>
    public bool HasDailyCycle { get; }

    /// <summary>Local wall-clock seconds of every point.</summary>
    public double[] LocalSeconds { get; }

    /// <summary>Local hour of day of each row (robust scale bins).</summary>
    public byte[] ScaleBins { get; }

    public int[] InterpLeft { get; }

    public double[] InterpWeight { get; }
}
