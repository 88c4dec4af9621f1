namespace Sidecar.Models.Evaluation;

/// <summary>
/// The row-by-row output of a <see cref="CausalReplay"/>: one entry per input row, in input order. Rows without a
/// model (before <c>min_history</c>) have NaN predictions and score 0; forecast rows (NaN value) have predictions
/// from the latest model and score 0. Immutable.
/// </summary>
public sealed class ReplayResult
{
    internal ReplayResult(double[] predicted, double[] lower, double[] upper, double[] score, int fitCount, int fitFailures, string? firstFailure)
    {
        PredictedArray = predicted;
        LowerArray = lower;
        UpperArray = upper;
        ScoreArray = score;
        FitCount = fitCount;
        FitFailures = fitFailures;
        FirstFailure = firstFailure;
    }

    /// <summary><c>predicted</c> per row; NaN where no model existed yet.</summary>
    public IReadOnlyList<double> Predicted => PredictedArray;

    /// <summary><c>predicted_lower</c> per row; NaN where no model existed yet.</summary>
    public IReadOnlyList<double> Lower => LowerArray;

    /// <summary><c>predicted_upper</c> per row; NaN where no model existed yet.</summary>
    public IReadOnlyList<double> Upper => UpperArray;

    /// <summary><c>anomaly_score</c> per row: 0 at predicted, 1 at the band edge, above 1 beyond it.</summary>
    public IReadOnlyList<double> Score => ScoreArray;

    internal double[] PredictedArray { get; }

    internal double[] LowerArray { get; }

    internal double[] UpperArray { get; }

    internal double[] ScoreArray { get; }

    /// <summary>Number of successful fits.</summary>
    public int FitCount { get; }

    /// <summary>Number of fits that threw; the previous model stayed in use, as in the running sidecar.</summary>
    public int FitFailures { get; }

    /// <summary>The message of the first failed fit, if any.</summary>
    public string? FirstFailure { get; }
}
