namespace Sidecar.Models.Evaluation;

/// <summary>
/// The anomaly score of one point against its band: 0 at <c>predicted</c>, 1 at the band edge on the side of the
/// deviation, linear in between and above 1 beyond. Deviations on a side excluded by
/// <see cref="ModelOptions.DetectionDirection"/> score 0. The half-width used as the unit is at least
/// max(<see cref="ModelOptions.MinDevFromExpected"/>, <see cref="ModelOptions.MinRelDevFromExpected"/>·|predicted|),
/// so deviations smaller than those floors stay below 1. Missing inputs score 0.
/// </summary>
internal static class BandScore
{
    private const double MinHalfWidth = 1e-12;

    public static double Score(double value, double predicted, double lower, double upper, ModelOptions options)
    {
        if (double.IsNaN(value) || double.IsNaN(predicted))
        {
            return 0;
        }

        double deviation = value - predicted;
        double halfWidth;
        if (deviation >= 0)
        {
            if (options.DetectionDirection == DetectionDirection.Below)
            {
                return 0;
            }

            halfWidth = upper - predicted;
        }
        else
        {
            if (options.DetectionDirection == DetectionDirection.Above)
            {
                return 0;
            }

            halfWidth = predicted - lower;
        }

        if (double.IsNaN(halfWidth))
        {
            return 0;
        }

        double floor = Math.Max(options.MinDevFromExpected, options.MinRelDevFromExpected * Math.Abs(predicted));
        halfWidth = Math.Max(Math.Max(halfWidth, floor), MinHalfWidth);
        return Math.Abs(deviation) / halfWidth;
    }
}
