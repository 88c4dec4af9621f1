using System.Globalization;
using System.Text;
using Sidecar.RemoteRead;

namespace Sidecar.Testing;

/// <summary>
/// Writes series as OpenMetrics text for <c>promtool tsdb create-blocks-from openmetrics</c>: one file per
/// epoch-aligned 2-hour window (promtool re-reads its whole input once per block, so one big file is quadratic),
/// timestamps in seconds with millisecond fractions, values in round-trip precision, each file ending in
/// <c># EOF</c>. No <c># TYPE</c> lines: the TSDB stores no metadata from a backfill, and untyped samples may
/// carry any name.
/// </summary>
public static class OpenMetricsWriter
{
    /// <summary>Length of one TSDB head block, in milliseconds.</summary>
    public const long BlockMs = 2 * 60 * 60 * 1000;

    /// <summary>Writes <paramref name="series"/> under <paramref name="directory"/>; returns the files written.</summary>
    /// <exception cref="ArgumentException">A sample lies in the future (Prometheus would refuse it later).</exception>
    public static IReadOnlyList<string> Write(IEnumerable<TimeSeries> series, string directory, TimeProvider? time = null)
    {
        var nowMs = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Directory.CreateDirectory(directory);
        var writers = new SortedDictionary<long, StringBuilder>();
        foreach (var s in series)
        {
            var labels = FormatLabels(s.Labels);
            for (var i = 0; i < s.Count; i++)
            {
                var t = s.TimestampsMs[i];
                if (t > nowMs)
                {
                    throw new ArgumentException($"sample of {s.Labels} at {t} ms is in the future; never backfill the future");
                }

                var block = Math.DivRem(t, BlockMs, out var rem) - (rem < 0 ? 1 : 0);
                if (!writers.TryGetValue(block, out var sb))
                {
                    writers[block] = sb = new StringBuilder();
                }

                sb.Append(labels).Append(' ').Append(FormatValue(s.Values[i])).Append(' ').Append(FormatTimestamp(t)).Append('\n');
            }
        }

        var files = new List<string>();
        foreach (var (block, sb) in writers)
        {
            var file = Path.Combine(directory, $"block-{block:D8}.om");
            sb.Append("# EOF\n");
            File.WriteAllText(file, sb.ToString());
            files.Add(file);
        }

        return files;
    }

    /// <summary>A value as OpenMetrics spells it: shortest round-trip decimal, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Unix milliseconds as decimal seconds, exact (no floating point).</summary>
    public static string FormatTimestamp(long timestampMs)
    {
        var sign = timestampMs < 0 ? "-" : "";
        var magnitude = Math.Abs(timestampMs);
        var seconds = (magnitude / 1000).ToString(CultureInfo.InvariantCulture);
        var ms = magnitude % 1000;
        return ms == 0 ? sign + seconds : $"{sign}{seconds}.{ms:D3}";
    }

    /// <summary>A series' name and labels as OpenMetrics spells them, e.g. <c>up{job="a"}</c>.</summary>
    public static string FormatLabels(LabelSet labels)
    {
        var sb = new StringBuilder(labels.Name);
        var first = true;
        foreach (var label in labels)
        {
            if (label.Name == LabelSet.MetricName)
            {
                continue;
            }

            sb.Append(first ? '{' : ',');
            first = false;
            sb.Append(label.Name).Append("=\"");
            foreach (var c in label.Value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }

            sb.Append('"');
        }

        if (!first)
        {
            sb.Append('}');
        }

        return sb.ToString();
    }
}
