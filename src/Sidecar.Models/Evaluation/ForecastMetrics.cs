namespace Sidecar.Models.Evaluation;

/// <summary>
/// Accuracy and band-quality metrics over a set of scored points (y = actual, ŷ = predicted, [l, u] = band).
/// Immutable.
/// </summary>
/// <param name="Count">Number of points the metrics cover.</param>
/// <param name="Mse">Mean of (y − ŷ)².</param>
/// <param name="Rmse">√<paramref name="Mse"/>.</param>
/// <param name="Mae">Mean of |y − ŷ|.</param>
/// <param name="Mape">Mean of |y − ŷ| / |y| over the points with |y| ≥ 1e-8 (NaN when there are none).</param>
/// <param name="Mdape">Median of |y − ŷ| / |y| over the same points.</param>
/// <param name="Smape">Mean of |y − ŷ| / ((|y| + |ŷ|) / 2), a point with y = ŷ = 0 counting 0; in [0, 2].</param>
/// <param name="Coverage">Fraction of points with l ≤ y ≤ u.</param>
/// <param name="ErrorCount">Fraction of points outside the band: 1 − <paramref name="Coverage"/>.</param>
/// <param name="ErrorMagnitude">
/// Mean, over the points outside the band only, of the distance beyond the band edge divided by the band's
/// half-width on that side: (y − u)/(u − ŷ) above, (l − y)/(ŷ − l) below (half-width floored at 1e-12). 0 when no
/// point is outside. For such a point it equals anomaly_score − 1, so 0.5 means "on average half a band beyond".
/// </param>
/// <param name="MeanBandWidth">Mean of u − l, in the series' units.</param>
/// <param name="Mase">
/// Mean of |y − ŷ| / s, s being the point's scale: the in-sample MAE of the seasonal naive forecast on the history
/// the prediction was made from (as in the M4 competition). Points without a finite positive scale are left out;
/// NaN when none has one.
/// </param>
/// <param name="Msis">
/// Mean scaled interval score (Gneiting &amp; Raftery; M4's MSIS): the mean over the same points of
/// ((u − l) + (2/α)·(l − y)·[y &lt; l] + (2/α)·(y − u)·[y &gt; u]) / s, α = 1 − the band's nominal probability.
/// NaN when no point has a scale or no probability was given.
/// </param>
public sealed record ForecastMetrics(
    int Count,
    double Mse,
    double Rmse,
    double Mae,
    double Mape,
    double Mdape,
    double Smape,
    double Coverage,
    double ErrorCount,
    double ErrorMagnitude,
    double MeanBandWidth,
    double Mase,
    double Msis)
{
    private const double MinAbsActual = 1e-8;
    private const double MinHalfWidth = 1e-12;

    /// <summary>Metrics with <see cref="Count"/> 0 and every other value NaN.</summary>
    public static ForecastMetrics Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
        double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Computes every metric over the points whose actual and predicted values are both finite.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static ForecastMetrics Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper) =>
        Compute(actual, predicted, lower, upper, [], double.NaN);

    /// <summary>
    /// Computes every metric, <see cref="Mase"/> and <see cref="Msis"/> included: <paramref name="scale"/> holds each
    /// point's seasonal naive in-sample MAE (empty: none), <paramref name="intervalWidth"/> the band's nominal
    /// probability (NaN: no MSIS).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or the probability is not in (0, 1) or NaN.</exception>
    public static ForecastMetrics Compute(
        ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper,
        ReadOnlySpan<double> scale, double intervalWidth)
    {
        if (predicted.Length != actual.Length || lower.Length != actual.Length || upper.Length != actual.Length
            || (scale.Length != 0 && scale.Length != actual.Length))
        {
            throw new ArgumentException("actual, predicted, lower, upper (and scale, when given) must have the same length.");
        }

        if (!double.IsNaN(intervalWidth) && !(intervalWidth > 0 && intervalWidth < 1))
        {
            throw new ArgumentException($"interval width must be in (0, 1), got {intervalWidth}.");
        }

        double alpha = 1 - intervalWidth;
        int scaled = 0;
        double sumScaledAbs = 0, sumScaledInterval = 0;

        int n = 0;
        double sumSq = 0, sumAbs = 0, sumSmape = 0, sumWidth = 0, sumExcess = 0;
        int inside = 0, outside = 0;
        var ape = new List<double>();
        for (int i = 0; i < actual.Length; i++)
        {
            double y = actual[i];
            double yhat = predicted[i];
            if (!double.IsFinite(y) || !double.IsFinite(yhat))
            {
                continue;
            }

            n++;
            double err = y - yhat;
            double abs = Math.Abs(err);
            sumSq += err * err;
            sumAbs += abs;
            double denom = (Math.Abs(y) + Math.Abs(yhat)) / 2;
            sumSmape += denom > 0 ? abs / denom : 0;
            if (Math.Abs(y) >= MinAbsActual)
            {
                ape.Add(abs / Math.Abs(y));
            }

            double lo = lower[i];
            double hi = upper[i];
            sumWidth += hi - lo;
            if (scale.Length != 0 && double.IsFinite(scale[i]) && scale[i] > 0)
            {
                scaled++;
                sumScaledAbs += abs / scale[i];
                sumScaledInterval += IntervalScore(y, lo, hi, alpha) / scale[i];
            }

            if (y > hi)
            {
                outside++;
                sumExcess += (y - hi) / Math.Max(hi - yhat, MinHalfWidth);
            }
            else if (y < lo)
            {
                outside++;
                sumExcess += (lo - y) / Math.Max(yhat - lo, MinHalfWidth);
            }
            else
            {
                inside++;
            }
        }

        if (n == 0)
        {
            return Empty;
        }

        double mse = sumSq / n;
        double mape = double.NaN;
        double mdape = double.NaN;
        if (ape.Count > 0)
        {
            double sum = 0;
            foreach (double a in ape)
            {
                sum += a;
            }

            mape = sum / ape.Count;
            mdape = Median(ape);
        }

        return new ForecastMetrics(
            n,
            mse,
            Math.Sqrt(mse),
            sumAbs / n,
            mape,
            mdape,
            sumSmape / n,
            (double)inside / n,
            (double)outside / n,
            outside > 0 ? sumExcess / outside : 0,
            sumWidth / n,
            scaled > 0 ? sumScaledAbs / scaled : double.NaN,
            scaled > 0 && !double.IsNaN(intervalWidth) ? sumScaledInterval / scaled : double.NaN);
    }

    /// <summary>
    /// The interval score of one outcome <paramref name="y"/> against the central (1 − <paramref name="alpha"/>) band
    /// [<paramref name="lower"/>, <paramref name="upper"/>]: its width plus 2/α times the distance by which y misses it.
    /// </summary>
    public static double IntervalScore(double y, double lower, double upper, double alpha)
    {
        double score = upper - lower;
        if (y < lower)
        {
            score += 2 / alpha * (lower - y);
        }
        else if (y > upper)
        {
            score += 2 / alpha * (y - upper);
        }

        return score;
    }

    /// <summary>
    /// The in-sample MAE of the seasonal naive forecast ŷ_t = y_{t − season}: the mean of |y_t − y(t − season)| over
    /// the points at least one season after the first, y(t − season) being the last value at or before that time.
    /// NaN when the history is shorter than one season. <paramref name="timestampsMs"/> must be non-decreasing.
    /// </summary>
    public static double SeasonalNaiveMae(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, long seasonMs)
    {
        if (timestampsMs.Length != values.Length)
        {
            throw new ArgumentException("timestamps and values must have the same length.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(seasonMs, 1);
        int count = 0;
        double sum = 0;
        int j = 0;
        for (int i = 0; i < values.Length; i++)
        {
            long back = timestampsMs[i] - seasonMs;
            if (timestampsMs.Length == 0 || back < timestampsMs[0])
            {
                continue;
            }

            while (j + 1 < i && timestampsMs[j + 1] <= back)
            {
                j++;
            }

            if (double.IsFinite(values[i]) && double.IsFinite(values[j]))
            {
                count++;
                sum += Math.Abs(values[i] - values[j]);
            }
        }

        return count > 0 ? sum / count : double.NaN;
    }

    /// <summary>
    /// The value tuning minimises for <paramref name="metric"/>: the metric itself, except coverage, whose loss is
    /// its distance from <paramref name="intervalWidth"/>. NaN becomes +∞ so it never wins.
    /// </summary>
    public double Loss(MetricKind metric, double intervalWidth)
    {
        double value = metric == MetricKind.Coverage ? Math.Abs(Coverage - intervalWidth) : Get(metric);
        return double.IsNaN(value) ? double.PositiveInfinity : value;
    }

    /// <summary>The value of <paramref name="metric"/> as reported.</summary>
    public double Get(MetricKind metric) => metric switch
    {
        MetricKind.Mse => Mse,
        MetricKind.Rmse => Rmse,
        MetricKind.Mae => Mae,
        MetricKind.Mape => Mape,
        MetricKind.Mdape => Mdape,
        MetricKind.Smape => Smape,
        MetricKind.Coverage => Coverage,
        MetricKind.ErrorCount => ErrorCount,
        MetricKind.ErrorMagnitude => ErrorMagnitude,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
    };

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
