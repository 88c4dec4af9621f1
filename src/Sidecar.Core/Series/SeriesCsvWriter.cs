using System.Globalization;
using System.Text;
using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Writes series as CSV with header <c>series,timestamp,value</c>: the canonical label set (always quoted, quotes
/// doubled, per RFC 4180), the time in RFC 3339 UTC with milliseconds, and the value in shortest round-trip form with
/// <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c> spelled as Prometheus spells them. Rows are buffered and handed to the
/// underlying writer in blocks (a console writer flushes on every write); call <see cref="FlushAsync"/> at the end.
/// Not thread-safe.
/// </summary>
public sealed class SeriesCsvWriter(TextWriter output)
{
    /// <summary>The header line, without line break.</summary>
    public const string Header = "series,timestamp,value";

    private const int BlockChars = 1 << 16;
    private readonly StringBuilder _buffer = new(BlockChars + 1024);

    /// <summary>Writes the header line.</summary>
    public void WriteHeader() => _buffer.Append(Header).Append('\n');

    /// <summary>Hands everything buffered to the underlying writer and flushes it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await output.WriteAsync(_buffer, cancellationToken).ConfigureAwait(false);
        _buffer.Clear();
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes every sample of a raw series, as stored.</summary>
    public void Write(TimeSeries series)
    {
        var key = Quote(series.Labels.ToString());
        for (var i = 0; i < series.Count; i++)
        {
            WriteRow(key, series.TimestampsMs[i], series.Values[i]);
        }
    }

    /// <summary>Writes the points of a shaped series that PromQL would return (missing steps are skipped).</summary>
    public void Write(ShapedSeries series)
    {
        var key = Quote(series.Labels.ToString());
        for (var i = 0; i < series.Values.Length; i++)
        {
            if (series.IsPresent(i))
            {
                WriteRow(key, series.Grid.TimestampMs(i), series.Values[i]);
            }
        }
    }

    /// <summary>
    /// A value as Prometheus spells it: shortest round-trip decimal with a lower-case exponent (<c>1e+20</c>, as Go's
    /// <c>%g</c>), <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
    /// </summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
    };

    /// <summary>Unix milliseconds as RFC 3339 UTC with milliseconds, e.g. <c>2024-05-01T12:00:00.000Z</c>.</summary>
    public static string FormatTimestamp(long timestampMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(timestampMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A CSV field in double quotes with inner quotes doubled.</summary>
    public static string Quote(string field)
    {
        var sb = new StringBuilder(field.Length + 8).Append('"');
        foreach (var c in field)
        {
            sb.Append(c == '"' ? "\"\"" : c);
        }

        return sb.Append('"').ToString();
    }

    private void WriteRow(string key, long timestampMs, double value)
    {
        _buffer.Append(key).Append(',').Append(FormatTimestamp(timestampMs)).Append(',').Append(FormatValue(value)).Append('\n');
        if (_buffer.Length >= BlockChars)
        {
            output.Write(_buffer);
            _buffer.Clear();
        }
    }
}
