namespace Sidecar.Models.Scoring;

/// <summary>
/// The anomaly score of a point: 0 at <c>predicted</c>, 1 at the band edge on the deviation's side, linear in
/// between and above 1 beyond, so one alert rule <c>anomaly_score &gt; 1</c> fits every series. The band
/// half-width used is never smaller than <see cref="ModelOptions.MinDevFromExpected"/> nor
/// <see cref="ModelOptions.MinRelDevFromExpected"/> × |predicted|, so deviations under those stay below 1.
/// Deviations on a side excluded by <see cref="ModelOptions.DetectionDirection"/> score 0. Pure; thread-safe.
/// </summary>
public static class AnomalyScore
{
    /// <summary>
    /// Scores one point. A missing value (NaN) or prediction scores 0. A zero-width band scores 0 at predicted
    /// and +∞ anywhere else.
    /// </summary>
    public static double Compute(double value, double predicted, double lower, double upper, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Compute(value, predicted, lower, upper, options.DetectionDirection, options.MinDevFromExpected, options.MinRelDevFromExpected);
    }

    /// <summary>Scores one point with explicit settings (see the class remarks).</summary>
    public static double Compute(double value, double predicted, double lower, double upper, DetectionDirection direction, double minDev, double minRelDev)
    {
        if (double.IsNaN(value) || double.IsNaN(predicted))
        {
            return 0;
        }

        var deviation = value - predicted;
        double halfWidth;
        if (deviation >= 0)
        {
            if (direction == DetectionDirection.Below)
            {
                return 0;
            }

            halfWidth = upper - predicted;
        }
        else
        {
            if (direction == DetectionDirection.Above)
            {
                return 0;
            }

            halfWidth = predicted - lower;
        }

        halfWidth = Math.Max(halfWidth, Math.Max(minDev, minRelDev * Math.Abs(predicted)));
        if (deviation == 0)
        {
            return 0;
        }

        return halfWidth > 0 ? Math.Abs(deviation) / halfWidth : double.PositiveInfinity;
    }

    /// <summary>Scores many points; all spans must have the same length as <paramref name="values"/>.</summary>
    public static void Compute(
        ReadOnlySpan<double> values,
        ReadOnlySpan<double> predicted,
        ReadOnlySpan<double> lower,
        ReadOnlySpan<double> upper,
        ModelOptions options,
        Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = values.Length;
        if (predicted.Length != n || lower.Length != n || upper.Length != n || scores.Length != n)
        {
            throw new ArgumentException("all spans must have the same length");
        }

        for (var i = 0; i < n; i++)
        {
            scores[i] = Compute(values[i], predicted[i], lower[i], upper[i], options.DetectionDirection, options.MinDevFromExpected, options.MinRelDevFromExpected);
        }
    }

    /// <summary>The largest point score one point adds to a sustained window's mean (either sign).</summary>
    public const double SustainedClip = 1.0;

    /// <summary>
    /// The point score with its sign: negative for a deviation below predicted.
    /// </summary>
    public static double Signed(double value, double predicted, double lower, double upper, ModelOptions options)
    {
        var score = Compute(value, predicted, lower, upper, options);
        return value < predicted ? -score : score;
    }

    /// <summary>
    /// The sustained-deviation score of the last point of a window: the mean of <paramref name="signedScores"/> (the
    /// signed point scores of the observed points in the last <see cref="ModelOptions.SustainedWindowSeconds"/>, the
    /// scored point included) over the model's limit on the mean's side, so a deviation held for the window that no
    /// single point takes out of the band still scores above 1. 0 for fewer than three points or a model without
    /// limits. Each point counts at most <see cref="SustainedClip"/>: one spike, which its own point score already
    /// pages, does not hold the mean up for the whole window after it.
    /// </summary>
    public static double Sustained(ReadOnlySpan<double> signedScores, (double Low, double High) limits)
    {
        if (signedScores.Length < 3)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var s in signedScores)
        {
            sum += double.IsNaN(s) ? 0 : Math.Clamp(s, -SustainedClip, SustainedClip);
        }

        var mean = sum / signedScores.Length;
        var limit = mean >= 0 ? limits.High : limits.Low;
        return limit > 0 && double.IsFinite(limit) ? Math.Abs(mean) / limit : 0;
    }

    /// <summary>The sustained window of <paramref name="options"/> in milliseconds (≤ 0: no sustained score).</summary>
    public static long SustainedWindowMs(ModelOptions options) => (long)(options.SustainedWindowSeconds * 1000);

    /// <summary>
    /// The first index of the sustained window that ends at <paramref name="index"/>: the earliest of
    /// <paramref name="timestampsMs"/> (ascending) less than <paramref name="windowMs"/> before it, so the window holds
    /// the points in (t − window, t].
    /// </summary>
    public static int SustainedWindowStart(ReadOnlySpan<long> timestampsMs, int index, long windowMs)
    {
        var from = index;
        while (from > 0 && timestampsMs[from - 1] > timestampsMs[index] - windowMs)
        {
            from--;
        }

        return from;
    }
}
