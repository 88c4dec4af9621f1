using System.Globalization;
using System.Text.Json;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Prints <see cref="ForecastMetrics"/> as an aligned text table (numbers to 4 significant digits) or writes them
/// as JSON objects with snake_case keys (NaN as null). Used by <c>cv</c> and <c>tune</c>.
/// </summary>
public static class MetricsTable
{
    /// <summary>The metric columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["points", "mse", "rmse", "mae", "mape", "mdape", "smape", "coverage", "error_count", "error_magnitude", "band_width", "mase", "msis"];

    /// <summary>The metric values in <see cref="Columns"/> order.</summary>
    public static IReadOnlyList<double> Values(ForecastMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return [m.Count, m.Mse, m.Rmse, m.Mae, m.Mape, m.Mdape, m.Smape, m.Coverage, m.ErrorCount, m.ErrorMagnitude, m.MeanBandWidth, m.Mase, m.Msis];
    }

    /// <summary>Formats one cell.</summary>
    public static string Cell(double value) =>
        double.IsNaN(value) ? "-" : value == Math.Floor(value) && Math.Abs(value) < 1e9 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Writes rows as a table whose columns are padded to their widest cell.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = new int[header.Count];
        foreach (var row in all)
        {
            for (int c = 0; c < row.Count && c < widths.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        foreach (var row in all)
        {
            var cells = row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    /// <summary>Writes one indented JSON document, built by <paramref name="write"/>, and a line break.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes the metrics as a JSON object.</summary>
    public static void WriteJson(Utf8JsonWriter json, ForecastMetrics m)
    {
        ArgumentNullException.ThrowIfNull(json);
        var values = Values(m);
        json.WriteStartObject();
        for (int i = 0; i < Columns.Count; i++)
        {
            json.WritePropertyName(Columns[i]);
            if (double.IsFinite(values[i]))
            {
                json.WriteNumberValue(values[i]);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndObject();
    }

    /// <summary>A duration as Prometheus writes it (<c>1d</c>, <c>6h</c>, <c>1h30m</c>, <c>0s</c>).</summary>
    public static string Duration(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new System.Text.StringBuilder();
        long ms = span.Ticks / TimeSpan.TicksPerMillisecond;
        foreach (var (unit, size) in new[] { ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1000L), ("ms", 1L) })
        {
            if (ms >= size)
            {
                sb.Append(ms / size).Append(unit);
                ms %= size;
            }
        }

        return sb.ToString();
    }
}
