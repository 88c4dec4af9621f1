using System.Globalization;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Writes a backtest result: header <c>timestamp,value,predicted,predicted_lower,predicted_upper,anomaly_score,alert</c>,
/// then one row per input row with the input's timestamp and value texts verbatim and numbers in shortest
/// round-trip form (invariant culture); a missing number is written empty, infinities as <c>+Inf</c>/<c>-Inf</c>.
/// <c>alert</c> is 1 on the row where the shipped paging rule would start firing (<see cref="AlertOnsets"/>), else 0.
/// </summary>
public static class BacktestCsvWriter
{
    /// <summary>The header line.</summary>
    public const string Header = "timestamp,value,predicted,predicted_lower,predicted_upper,anomaly_score,alert";

    /// <summary>Writes <paramref name="result"/> for <paramref name="series"/> to <paramref name="path"/>, creating its directory.</summary>
    public static void Write(string path, CsvSeries series, ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16);
        Write(writer, series, result);
    }

    /// <summary>Writes <paramref name="result"/> for <paramref name="series"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, CsvSeries series, ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(result);
        writer.Write(Header);
        writer.Write('\n');
        var alerts = AlertOnsets.Compute(series.TimestampsMs, result.Score);
        Span<char> buf = stackalloc char[32];
        for (int i = 0; i < series.Count; i++)
        {
            writer.Write(series.TimestampTexts[i]);
            writer.Write(',');
            writer.Write(series.ValueTexts[i]);
            writer.Write(',');
            WriteNumber(writer, result.Predicted[i], buf);
            writer.Write(',');
            WriteNumber(writer, result.Lower[i], buf);
            writer.Write(',');
            WriteNumber(writer, result.Upper[i], buf);
            writer.Write(',');
            WriteNumber(writer, result.Score[i], buf);
            writer.Write(alerts[i] == 1 ? ",1\n" : ",0\n");
        }
    }

    /// <summary>Formats one number as the writer does.</summary>
    public static string Format(double value)
    {
        Span<char> buf = stackalloc char[32];
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        WriteNumber(w, value, buf);
        return w.ToString();
    }

    private static void WriteNumber(TextWriter writer, double value, Span<char> buf)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        if (double.IsInfinity(value))
        {
            writer.Write(value > 0 ? "+Inf" : "-Inf");
            return;
        }

        if (value.TryFormat(buf, out int written, "R", CultureInfo.InvariantCulture))
        {
            writer.Write(buf[..written]);
        }
        else
        {
            writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
