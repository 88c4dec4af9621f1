namespace Sidecar.RemoteRead;

/// <summary>
/// One series as stored: its labels and its samples in time order. Timestamps are unix milliseconds, as on the
/// wire. Stale markers are never present. Immutable by convention: do not write to the arrays.
/// </summary>
public sealed class TimeSeries
{
    /// <summary>Creates a series; the arrays must have equal length and ascending timestamps.</summary>
    public TimeSeries(LabelSet labels, long[] timestampsMs, double[] values)
    {
        if (timestampsMs.Length != values.Length)
        {
            throw new ArgumentException("timestamps and values differ in length");
        }

        Labels = labels;
        TimestampsMs = timestampsMs;
        Values = values;
    }

    /// <summary>The series' labels, including <c>__name__</c>.</summary>
    public LabelSet Labels { get; }

    /// <summary>Sample timestamps, unix milliseconds, ascending.</summary>
    public long[] TimestampsMs { get; }

    /// <summary>Sample values, one per timestamp.</summary>
    public double[] Values { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Values.Length;
}
