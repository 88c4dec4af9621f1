using System.Globalization;
using System.IO.Compression;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Reads a backtest CSV (plain, or gzip when the name ends in <c>.gz</c>): a header line, the timestamp in the first
/// column, the value in the second, an optional column named <c>label</c> (1 = anomalous); other columns are
/// ignored. Empty lines are skipped. An empty value, or <c>NaN</c>, marks a forecast row. Fields may be quoted.
/// Rows need not be in time order (real exports repeat blocks); the replay orders them by time.
/// Every problem is reported as <see cref="CsvFormatException"/> with <c>file:line</c>. Thread-safe (static).
/// </summary>
public static class CsvSeriesReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="CsvFormatException">A missing header, a short row, or an unparseable timestamp, value or label.</exception>
    public static CsvSeries Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using Stream file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input);
        return Read(reader, path);
    }

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="path"/> names it in errors.</summary>
    public static CsvSeries Read(TextReader reader, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(path);
        string? header = reader.ReadLine();
        int lineNo = 1;
        while (header is not null && header.Trim().Length == 0)
        {
            header = reader.ReadLine();
            lineNo++;
        }

        if (header is null)
        {
            throw new CsvFormatException(path, 1, "empty file: expected a header line such as 'timestamp,value'");
        }

        List<string> names = Split(header.TrimStart('\uFEFF'), path, lineNo);
        if (names.Count < 2)
        {
            throw new CsvFormatException(path, lineNo, $"header has {names.Count} column(s); need at least timestamp and value");
        }

        int labelColumn = names.FindIndex(n => string.Equals(Unquote(n).Trim(), "label", StringComparison.OrdinalIgnoreCase));
        var tsTexts = new List<string>();
        var ts = new List<long>();
        var valueTexts = new List<string>();
        var values = new List<double>();
        var anomalous = new List<bool>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            List<string> fields = Split(line, path, lineNo);
            if (fields.Count < 2)
            {
                throw new CsvFormatException(path, lineNo, $"expected at least 2 columns (timestamp,value), got {fields.Count}: '{Excerpt(line)}'");
            }

            string tsText = fields[0];
            if (!TimestampText.TryParse(Unquote(tsText), out long ms))
            {
                throw new CsvFormatException(path, lineNo, $"cannot parse timestamp '{Excerpt(tsText)}' (expected ISO 8601 like 2024-01-31 12:00:00 or 2024-01-31T12:00:00Z, or unix seconds)");
            }

            string valueText = fields[1];
            double value = ParseValue(Unquote(valueText).Trim(), path, lineNo);
            bool flagged = false;
            if (labelColumn >= 0)
            {
                string label = labelColumn < fields.Count ? Unquote(fields[labelColumn]).Trim() : string.Empty;
                if (label.Length > 0)
                {
                    if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double l))
                    {
                        throw new CsvFormatException(path, lineNo, $"cannot parse label '{Excerpt(label)}' (expected 0 or 1)");
                    }

                    flagged = l != 0;
                }
            }

            tsTexts.Add(tsText);
            ts.Add(ms);
            valueTexts.Add(valueText);
            values.Add(value);
            anomalous.Add(flagged);
        }

        return new CsvSeries(path, [.. tsTexts], [.. ts], [.. valueTexts], [.. values], labelColumn >= 0 ? [.. anomalous] : []);
    }

    private static double ParseValue(string text, string path, int lineNo)
    {
        if (text.Length == 0 || string.Equals(text, "nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            return v;
        }

        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                return double.PositiveInfinity;
            case "-inf" or "-infinity":
                return double.NegativeInfinity;
            default:
                throw new CsvFormatException(path, lineNo, $"cannot parse value '{Excerpt(text)}' as a number (leave it empty for a forecast row)");
        }
    }

    // Splits on commas outside double quotes; fields keep their quotes so they can be written back verbatim.
    private static List<string> Split(string line, string path, int lineNo)
    {
        var fields = new List<string>(4);
        int start = 0;
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(line[start..i]);
                start = i + 1;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(path, lineNo, "unterminated quoted field");
        }

        fields.Add(line[start..]);
        return fields;
    }

    private static string Unquote(string field)
    {
        string t = field.Trim();
        return t.Length >= 2 && t[0] == '"' && t[^1] == '"' ? t[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;
    }

    private static string Excerpt(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
