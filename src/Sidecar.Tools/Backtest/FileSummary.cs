namespace Sidecar.Tools.Backtest;

/// <summary>What a backtest did to one file. Immutable.</summary>
/// <param name="Job">The file and its output.</param>
/// <param name="Rows">Rows read.</param>
/// <param name="Scored">Observed rows that had a prediction.</param>
/// <param name="Flagged">Scored rows with <c>anomaly_score &gt; 1</c>.</param>
/// <param name="Fits">Successful fits.</param>
/// <param name="FitFailures">Fits that threw (the previous model stayed in use).</param>
/// <param name="Coverage">Fraction of scored rows (label-0 rows when the file has labels) inside the band; NaN when none.</param>
/// <param name="MeanBandWidth">Mean of <c>predicted_upper − predicted_lower</c> over the same rows.</param>
/// <param name="Seconds">Wall time for this file (read, replay, write, plot).</param>
/// <param name="Error">Why the file failed, or null.</param>
public sealed record FileSummary(
    BacktestJob Job,
    int Rows,
    int Scored,
    int Flagged,
    int Fits,
    int FitFailures,
    double Coverage,
    double MeanBandWidth,
    double Seconds,
    string? Error)
{
    /// <summary>The <c>--exclusions</c> applied to this file.</summary>
    public IReadOnlyList<BacktestExclusion> Exclusions { get; init; } = [];

    /// <summary>The pictures <c>--report</c> drew for this file, or null without a report.</summary>
    public SeriesReport? Report { get; init; }

    /// <summary>A summary for a file that could not be processed.</summary>
    public static FileSummary Failed(BacktestJob job, string error, double seconds) =>
        new(job, 0, 0, 0, 0, 0, double.NaN, double.NaN, seconds, error);
}
