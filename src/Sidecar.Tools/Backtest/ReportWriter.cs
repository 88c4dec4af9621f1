using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// The <c>--report</c> directory: one PNG per series (value, shaded band, predicted line, rows with
/// <c>anomaly_score &gt; 1</c> marked, <c>--exclusions</c> ranges shaded) at the series' relative path plus <c>.png</c>,
/// and an <c>index.html</c> listing them with their summary numbers and exclusions. Rendering is headless (ScottPlot on SkiaSharp). Each call renders its
/// own plot, so different files may be plotted at once.
/// </summary>
public static class ReportWriter
{
    private const int Width = 1600;
    private const int Height = 450;

    /// <summary>
    /// Writes the PNG for one replayed series; the <paramref name="exclusions"/> applied to it are shaded (grey: left
    /// out of fitting; green: expected).
    /// </summary>
    public static void WritePlot(string directory, BacktestJob job, CsvSeries series, ReplayResult result, IReadOnlyList<BacktestExclusion>? exclusions = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(result);
        string path = Path.Combine(directory, PlotName(job));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        double[] xs = series.TimestampsMs.Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToOADate()).ToArray();
        var plot = new Plot();
        bool firstExcluded = true, firstExpected = true;
        foreach (var e in exclusions ?? [])
        {
            var span = plot.Add.HorizontalSpan(
                DateTimeOffset.FromUnixTimeMilliseconds(e.StartMs).UtcDateTime.ToOADate(), DateTimeOffset.FromUnixTimeMilliseconds(e.EndMs).UtcDateTime.ToOADate());
            span.FillStyle.Color = (e.Expected ? Colors.SeaGreen : Colors.Gray).WithAlpha(0.2);
            span.LineStyle.Width = 0;
            if (e.Expected ? firstExpected : firstExcluded)
            {
                span.LegendText = e.Expected ? "expected (band widened to hold it)" : "excluded from fitting";
                _ = e.Expected ? firstExpected = false : firstExcluded = false;
            }
        }

        bool first = true;
        foreach (var (start, end) in Runs(result.Predicted))
        {
            var band = plot.Add.FillY(xs[start..end], Slice(result.Lower, start, end), Slice(result.Upper, start, end));
            band.FillColor = Colors.SteelBlue.WithAlpha(0.25);
            band.LineColor = Colors.SteelBlue.WithAlpha(0.4);
            var line = plot.Add.ScatterLine(xs[start..end], Slice(result.Predicted, start, end));
            line.Color = Colors.SteelBlue;
            line.LineWidth = 1;
            if (first)
            {
                band.LegendText = "band [predicted_lower, predicted_upper]";
                line.LegendText = "predicted";
                first = false;
            }
        }

        var observed = Enumerable.Range(0, series.Count).Where(i => double.IsFinite(series.Values[i])).ToArray();
        var value = plot.Add.ScatterLine(observed.Select(i => xs[i]).ToArray(), observed.Select(i => series.Values[i]).ToArray());
        value.Color = Colors.Black;
        value.LineWidth = 1;
        value.LegendText = "value";

        var flagged = observed.Where(i => result.Score[i] > 1).ToArray();
        if (flagged.Length > 0)
        {
            var marks = plot.Add.ScatterPoints(flagged.Select(i => xs[i]).ToArray(), flagged.Select(i => series.Values[i]).ToArray());
            marks.Color = Colors.Red;
            marks.MarkerSize = 5;
            marks.LegendText = "anomaly_score > 1";
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Title($"{job.RelativePath}  (band {result.Predicted.Count(p => !double.IsNaN(p))} rows, {flagged.Length} flagged)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Writes <c>index.html</c> listing every file's plot and numbers.</summary>
    public static void WriteIndex(string directory, IReadOnlyList<FileSummary> summaries, ReplayOptions replay)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(replay);
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>sidecar backtest report</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
            .Append("td:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}.err{color:#b00}</style></head><body>\n")
            .Append("<h1>sidecar backtest</h1>\n<p>")
            .Append(WebUtility.HtmlEncode(string.Create(inv,
                $"model {replay.Model.Kind}, interval_width {replay.Model.IntervalWidth}, fit_every {replay.FitEvery}, fit_window {replay.FitWindow}, min_history {replay.MinHistory}")))
            .Append("</p>\n<table><tr><th>series</th><th>rows</th><th>scored</th><th>flagged (score &gt; 1)</th><th>flagged %</th><th>fits</th><th>coverage</th><th>mean band width</th><th>exclusions</th></tr>\n");
        foreach (var s in summaries)
        {
            string name = WebUtility.HtmlEncode(s.Job.RelativePath);
            if (s.Error is not null)
            {
                html.Append(inv, $"<tr><td>{name}</td><td colspan=\"8\" class=\"err\">{WebUtility.HtmlEncode(s.Error)}</td></tr>\n");
                continue;
            }

            string href = WebUtility.HtmlEncode(PlotName(s.Job));
            double pct = s.Scored > 0 ? 100.0 * s.Flagged / s.Scored : double.NaN;
            html.Append(inv, $"<tr><td><a href=\"#{href}\">{name}</a></td><td>{s.Rows}</td><td>{s.Scored}</td><td>{s.Flagged}</td><td>{pct:F2}</td><td>{s.Fits}</td><td>{s.Coverage:F4}</td><td>{s.MeanBandWidth:G4}</td><td>{WebUtility.HtmlEncode(Describe(s.Exclusions))}</td></tr>\n");
        }

        html.Append("</table>\n");
        foreach (var s in summaries.Where(s => s.Error is null))
        {
            string href = WebUtility.HtmlEncode(PlotName(s.Job));
            html.Append(inv, $"<h3 id=\"{href}\">{WebUtility.HtmlEncode(s.Job.RelativePath)}</h3>\n<img src=\"{href}\" alt=\"{href}\">\n");
        }

        html.Append("</body></html>\n");
        File.WriteAllText(Path.Combine(directory, "index.html"), html.ToString());
    }

    /// <summary>The exclusions as the index lists them: kind, range and comment of each.</summary>
    internal static string Describe(IReadOnlyList<BacktestExclusion> exclusions) => string.Join("; ", exclusions.Select(e =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(e.Expected ? "expected" : "excluded")} {DateTimeOffset.FromUnixTimeMilliseconds(e.StartMs).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}..{DateTimeOffset.FromUnixTimeMilliseconds(e.EndMs).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}{(e.Comment.Length > 0 ? " " + e.Comment : "")}")));

    /// <summary>The plot's path relative to the report directory.</summary>
    public static string PlotName(BacktestJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        string rel = job.RelativePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? job.RelativePath[..^3] : job.RelativePath;
        return rel + ".png";
    }

    private static double[] Slice(IReadOnlyList<double> values, int start, int end)
    {
        var a = new double[end - start];
        for (int i = start; i < end; i++)
        {
            a[i - start] = values[i];
        }

        return a;
    }

    private static IEnumerable<(int Start, int End)> Runs(IReadOnlyList<double> predicted)
    {
        int i = 0;
        while (i < predicted.Count)
        {
            while (i < predicted.Count && double.IsNaN(predicted[i]))
            {
                i++;
            }

            int start = i;
            while (i < predicted.Count && !double.IsNaN(predicted[i]))
            {
                i++;
            }

            if (i > start)
            {
                yield return (start, i);
            }
        }
    }
}
