using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// One regular series a model sees: the values PromQL's <c>query_range</c> returns for one result series, on a
/// <see cref="StepGrid"/>. A step where PromQL returns no point holds <see cref="Missing"/> (a NaN with a private
/// payload); a point PromQL returns as <c>NaN</c> holds <see cref="double.NaN"/>. Code that only cares whether there is
/// a usable number can test <see cref="double.IsNaN(double)"/>. Immutable by convention: do not write to
/// <see cref="Values"/>.
/// </summary>
public sealed class ShapedSeries
{
    private const long MissingBits = 0x7FF8_0000_5EC1_DCA7;

    /// <summary>Creates a shaped series; <paramref name="values"/> has one entry per grid point.</summary>
    /// <exception cref="ArgumentException">The value count differs from the grid's.</exception>
    public ShapedSeries(LabelSet labels, string metricName, StepGrid grid, double[] values)
    {
        if (values.Length != grid.Count)
        {
            throw new ArgumentException($"{values.Length} values for a grid of {grid.Count} points", nameof(values));
        }

        Labels = labels;
        MetricName = metricName;
        Grid = grid;
        Values = values;
    }

    /// <summary>The marker stored where PromQL returns no point.</summary>
    public static double Missing { get; } = BitConverter.Int64BitsToDouble(MissingBits);

    /// <summary>
    /// The result labels exactly as <c>query_range</c> returns them: with <c>__name__</c> only for
    /// <see cref="RangeFunction.None"/> without aggregation (or <c>by (__name__)</c>).
    /// </summary>
    public LabelSet Labels { get; }

    /// <summary>
    /// The source metric name (the service exposes it as label <c>metric</c>): the <c>__name__</c> of the raw series
    /// behind this one; several different names are sorted and joined with <c>|</c>.
    /// </summary>
    public string MetricName { get; }

    /// <summary>The evaluation timestamps.</summary>
    public StepGrid Grid { get; }

    /// <summary>One value per grid point; <see cref="Missing"/> where PromQL returns nothing.</summary>
    public double[] Values { get; }

    /// <summary>True when <paramref name="value"/> is the <see cref="Missing"/> marker (not any other NaN).</summary>
    public static bool IsMissing(double value) => BitConverter.DoubleToInt64Bits(value) == MissingBits;

    /// <summary>True when PromQL returns a point (possibly NaN) at grid index <paramref name="index"/>.</summary>
    public bool IsPresent(int index) => !IsMissing(Values[index]);

    /// <summary>Number of grid points with a value.</summary>
    public int PresentCount()
    {
        var count = 0;
        foreach (var value in Values)
        {
            if (!IsMissing(value))
            {
                count++;
            }
        }

        return count;
    }
}
