namespace Sidecar.Models.Evaluation;

/// <summary>
/// Every point predicted by a <see cref="CrossValidation"/> run, fold after fold: for each, its fold's cutoff, its
/// timestamp, its value, the prediction and band, and whether it is normal (not labelled anomalous). A point lying
/// in several overlapping horizons appears once per fold. Immutable.
/// </summary>
public sealed class CrossValidationResult
{
    private readonly long[] _cutoffsMs;
    private readonly long[] _timestampsMs;
    private readonly double[] _actual;
    private readonly double[] _predicted;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly bool[] _normal;
    private readonly double[] _scale;

    internal CrossValidationResult(
        IReadOnlyList<long> folds, TimeSpan horizon, long[] cutoffsMs, long[] timestampsMs, double[] actual,
        double[] predicted, double[] lower, double[] upper, bool[] normal, double[] scale, double intervalWidth)
    {
        Folds = folds;
        Horizon = horizon;
        _cutoffsMs = cutoffsMs;
        _timestampsMs = timestampsMs;
        _actual = actual;
        _predicted = predicted;
        _lower = lower;
        _upper = upper;
        _normal = normal;
        _scale = scale;
        IntervalWidth = intervalWidth;
    }

    /// <summary>Nominal probability of the bands (the model's interval width), the α of MSIS being 1 − it.</summary>
    public double IntervalWidth { get; }

    /// <summary>
    /// Scale of each point's MASE and MSIS: the seasonal naive in-sample MAE of its fold's training points (NaN when
    /// they span less than one season).
    /// </summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Cutoffs of the folds that were run, unix milliseconds, ascending.</summary>
    public IReadOnlyList<long> Folds { get; }

    /// <summary>The horizon each fold predicted.</summary>
    public TimeSpan Horizon { get; }

    /// <summary>Number of predicted points (all folds).</summary>
    public int Count => _timestampsMs.Length;

    /// <summary>Cutoff of each point's fold, unix milliseconds.</summary>
    public IReadOnlyList<long> CutoffsMs => _cutoffsMs;

    /// <summary>Timestamp of each point, unix milliseconds.</summary>
    public IReadOnlyList<long> TimestampsMs => _timestampsMs;

    /// <summary>Observed value of each point.</summary>
    public IReadOnlyList<double> Actual => _actual;

    /// <summary>Prediction of each point.</summary>
    public IReadOnlyList<double> Predicted => _predicted;

    /// <summary>Lower band edge of each point.</summary>
    public IReadOnlyList<double> Lower => _lower;

    /// <summary>Upper band edge of each point.</summary>
    public IReadOnlyList<double> Upper => _upper;

    /// <summary>False for points labelled anomalous; metrics ignore them.</summary>
    public IReadOnlyList<bool> Normal => _normal;

    /// <summary>Metrics over every normal point of every fold.</summary>
    public ForecastMetrics Metrics() => MetricsWhere(_ => true);

    /// <summary>
    /// Metrics per horizon bucket, like Prophet's <c>performance_metrics</c> table: the horizon is cut into
    /// <paramref name="buckets"/> equal parts and bucket b holds the points with b·H/B &lt; t − cutoff ≤ (b+1)·H/B.
    /// </summary>
    public IReadOnlyList<HorizonMetrics> MetricsByHorizon(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        long horizonMs = CausalReplay.ToMs(Horizon);
        var table = new List<HorizonMetrics>(buckets);
        for (int b = 0; b < buckets; b++)
        {
            long from = horizonMs * b / buckets;
            long to = horizonMs * (b + 1) / buckets;
            ForecastMetrics m = MetricsWhere(i =>
            {
                long h = _timestampsMs[i] - _cutoffsMs[i];
                return h > from && h <= to;
            });
            table.Add(new HorizonMetrics(TimeSpan.FromMilliseconds(from), TimeSpan.FromMilliseconds(to), m));
        }

        return table;
    }

    private ForecastMetrics MetricsWhere(Func<int, bool> include)
    {
        var idx = new List<int>(_timestampsMs.Length);
        for (int i = 0; i < _timestampsMs.Length; i++)
        {
            if (_normal[i] && include(i))
            {
                idx.Add(i);
            }
        }

        var y = new double[idx.Count];
        var p = new double[idx.Count];
        var l = new double[idx.Count];
        var u = new double[idx.Count];
        var s = new double[idx.Count];
        for (int k = 0; k < idx.Count; k++)
        {
            y[k] = _actual[idx[k]];
            p[k] = _predicted[idx[k]];
            l[k] = _lower[idx[k]];
            u[k] = _upper[idx[k]];
            s[k] = _scale[idx[k]];
        }

        return ForecastMetrics.Compute(y, p, l, u, s, IntervalWidth);
    }
}
