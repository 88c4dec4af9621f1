namespace Sidecar.Tools.Backtest;

/// <summary>
/// One backtest input file: per row the timestamp text exactly as written, its unix milliseconds, the value text
/// as written, its value (NaN for an empty value: a forecast row) and, when the file has a <c>label</c> column,
/// whether the row is labelled anomalous (label ≠ 0). Immutable.
/// </summary>
public sealed class CsvSeries
{
    internal CsvSeries(string path, string[] timestampTexts, long[] timestampsMs, string[] valueTexts, double[] values, bool[] anomalous)
    {
        Path = path;
        TimestampTexts = timestampTexts;
        TimestampsMs = timestampsMs;
        ValueTexts = valueTexts;
        Values = values;
        Anomalous = anomalous;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>Timestamp column, verbatim.</summary>
    public string[] TimestampTexts { get; }

    /// <summary>Timestamps, unix milliseconds, in row order (not necessarily sorted).</summary>
    public long[] TimestampsMs { get; }

    /// <summary>Value column, verbatim.</summary>
    public string[] ValueTexts { get; }

    /// <summary>Values; NaN marks a forecast row.</summary>
    public double[] Values { get; }

    /// <summary>One flag per row when the file has a <c>label</c> column, else empty.</summary>
    public bool[] Anomalous { get; }

    /// <summary>Number of rows.</summary>
    public int Count => TimestampsMs.Length;
}
