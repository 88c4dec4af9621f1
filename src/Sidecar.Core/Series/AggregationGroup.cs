using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// The running state of one PromQL aggregation group across a grid, fed one series at a time in PromQL's visiting
/// order so every step accumulates in the same order as Prometheus 2.x: <c>sum</c> adds plainly (2.x has no Kahan
/// summation there), <c>avg</c> keeps the incremental mean <c>mean += v/n − mean/n</c> with its infinity rules,
/// <c>min</c>/<c>max</c> replace a NaN. Not thread-safe.
/// </summary>
internal sealed class AggregationGroup
{
    private readonly AggregateOp _op;
    private readonly double[] _value;
    private readonly double[]? _mean;
    private readonly int[] _count;
    private readonly SortedSet<string> _names = new(StringComparer.Ordinal);

    public AggregationGroup(LabelSet labels, AggregateOp op, int steps)
    {
        Labels = labels;
        _op = op;
        _value = new double[steps];
        _mean = op == AggregateOp.Avg ? new double[steps] : null;
        _count = new int[steps];
    }

    public LabelSet Labels { get; }

    /// <summary>Adds one series' step values (<see cref="ShapedSeries.Missing"/> where it has none).</summary>
    public void Add(ReadOnlySpan<double> values, string metricName)
    {
        _names.Add(metricName);
        for (var k = 0; k < values.Length; k++)
        {
            var v = values[k];
            if (ShapedSeries.IsMissing(v))
            {
                continue;
            }

            if (_count[k] == 0)
            {
                _value[k] = v;
                if (_mean is not null)
                {
                    _mean[k] = v;
                }

                _count[k] = 1;
                continue;
            }

            _count[k]++;
            switch (_op)
            {
                case AggregateOp.Sum:
                    _value[k] += v;
                    break;
                case AggregateOp.Avg:
                    _mean![k] = NextMean(_mean[k], v, _count[k]);
                    break;
                case AggregateOp.Max:
                    if (_value[k] < v || double.IsNaN(_value[k]))
                    {
                        _value[k] = v;
                    }

                    break;
                case AggregateOp.Min:
                    if (_value[k] > v || double.IsNaN(_value[k]))
                    {
                        _value[k] = v;
                    }

                    break;
            }
        }
    }

    /// <summary>The aggregated series, or null when no step has a value.</summary>
    public ShapedSeries? ToShapedSeries(StepGrid grid)
    {
        var values = _op switch
        {
            AggregateOp.Avg => _mean!,
            _ => _value,
        };
        var present = 0;
        for (var k = 0; k < values.Length; k++)
        {
            if (_count[k] == 0)
            {
                values[k] = ShapedSeries.Missing;
                continue;
            }

            present++;
            var v = _op == AggregateOp.Count ? _count[k] : values[k];
            values[k] = double.IsNaN(v) ? double.NaN : v;
        }

        return present == 0 ? null : new ShapedSeries(Labels, string.Join('|', _names), grid, values);
    }

    private static double NextMean(double mean, double v, int count)
    {
        if (double.IsInfinity(mean))
        {
            // Inf − Inf would turn a correct infinite mean into NaN; an infinite mean absorbs finite values and
            // infinities of its own sign.
            if (double.IsInfinity(v) && (mean > 0) == (v > 0))
            {
                return mean;
            }

            if (!double.IsInfinity(v) && !double.IsNaN(v))
            {
                return mean;
            }
        }

        return mean + (v / count - mean / count);
    }
}
