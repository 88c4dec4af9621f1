namespace Sidecar.Models.Prophet;

/// <summary>A fitted Prophet structure (trend + seasonalities + holidays) and its prediction at every grid point.</summary>
/// <param name="Beta">Coefficients in units of <paramref name="YScale"/>.</param>
/// <param name="TrendForSeasonality">Multiplicative mode's trend coefficients, else null.</param>
/// <param name="YScale">max |y| of the fitted points.</param>
/// <param name="Predictions">Structure at every grid point, series units.</param>
internal sealed record ProphetStructure(double[] Beta, double[]? TrendForSeasonality, double YScale, double[] Predictions);
