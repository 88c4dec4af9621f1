using System.Globalization;
using System.Net;
using System.Text;
using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// The <c>--report</c> directory. Per series, at its relative path: an overview PNG (<c>.png</c>) of the whole series
/// with every alert episode's onset and every labelled window marked, and one zoomed PNG per alert episode
/// (<c>.episode-NNN.png</c>) and per labelled window (<c>.window-NNN.png</c>), capped by <see cref="ReportPanels"/>;
/// see <see cref="ReportPlotter"/> for what each draws. <c>index.html</c> lists every series with its summary numbers,
/// exclusions, pictures and captions. Rendering is headless (ScottPlot on SkiaSharp). Each call renders its own plots,
/// so different files may be plotted at once.
/// </summary>
public static class ReportWriter
{
    private const int Width = 1600;
    private const int Height = 480;
    private const int PanelWidth = 900;
    private const int PanelHeight = 380;

    /// <summary>
    /// Writes the overview and the zoomed panels for one replayed series; the <paramref name="exclusions"/> applied to it
    /// are shaded, and so are its labelled <paramref name="windows"/> (null: no labels name it); at most
    /// <paramref name="maxPanels"/> episodes, and as many windows, are zoomed in on.
    /// </summary>
    /// <returns>What was drawn.</returns>
    public static SeriesReport WritePlot(
        string directory, BacktestJob job, CsvSeries series, ReplayResult result, IReadOnlyList<BacktestExclusion>? exclusions = null,
        IReadOnlyList<TimeRange>? windows = null, int maxPanels = ReportPanels.DefaultMaxPanels)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(result);
        string overview = PlotName(job);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(directory, overview))!);
        exclusions ??= [];

        var plotter = new ReportPlotter(series, result);
        var ts = plotter.SortedTimestamps;
        var data = ts.Count > 0 ? new TimeRange(ts[0], ts[^1]) : new TimeRange(0, 1);
        var episodes = AlertEpisode.From(ts, plotter.SortedScores);
        var panels = ReportPanels.Choose(overview[..^4], data, ReportPanels.MedianStep(ts), episodes, windows, maxPanels);
        var marked = panels.Where(p => p.Kind == ReportPanelKind.Episode).Select(p => p.Number).ToHashSet();
        int flagged = Enumerable.Range(0, series.Count).Count(i => double.IsFinite(series.Values[i]) && result.Score[i] > AlertOnsets.Threshold);
        var report = new SeriesReport(overview, panels, episodes.Count, windows?.Count, maxPanels);
        string title = string.Create(CultureInfo.InvariantCulture,
            $"{job.RelativePath}: {series.Count} rows, {flagged} with anomaly_score > 1, {episodes.Count} alert episodes{(windows is null ? "" : $", {windows.Count} labelled windows")}");
        plotter.Save(Path.Combine(directory, overview), Width, Height, title, data, episodes, marked, windows, exclusions);
        foreach (var panel in panels)
        {
            plotter.Save(Path.Combine(directory, panel.FileName), PanelWidth, PanelHeight, $"{job.RelativePath}  {panel.Heading}\n{panel.Caption}", panel.View, episodes,
                marked, windows, exclusions);
        }

        return report;
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
            .Append("td:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}.err{color:#b00}figure{display:inline-block;width:49%;margin:0 0 1em 0}figure img{width:100%}figcaption{font-size:90%}.cap{color:#840}</style></head><body>\n")
            .Append("<h1>sidecar backtest</h1>\n<p>")
            .Append(WebUtility.HtmlEncode(string.Create(inv,
                $"model {replay.Model.Kind}, interval_width {replay.Model.IntervalWidth}, fit_every {replay.FitEvery}, fit_window {replay.FitWindow}, min_history {replay.MinHistory}")))
            .Append("</p>\n<table><tr><th>series</th><th>rows</th><th>scored</th><th>flagged (score &gt; 1)</th><th>flagged %</th><th>alert episodes</th><th>labelled windows</th><th>fits</th><th>coverage</th><th>mean band width</th><th>exclusions</th></tr>\n");
        foreach (var s in summaries)
        {
            string name = WebUtility.HtmlEncode(s.Job.RelativePath);
            if (s.Error is not null)
            {
                html.Append(inv, $"<tr><td>{name}</td><td colspan=\"10\" class=\"err\">{WebUtility.HtmlEncode(s.Error)}</td></tr>\n");
                continue;
            }

            string href = WebUtility.HtmlEncode(PlotName(s.Job));
            double pct = s.Scored > 0 ? 100.0 * s.Flagged / s.Scored : double.NaN;
            html.Append(inv, $"<tr><td><a href=\"#{href}\">{name}</a></td><td>{s.Rows}</td><td>{s.Scored}</td><td>{s.Flagged}</td><td>{pct:F2}</td><td>{(s.Report is { } r ? r.Episodes.ToString(inv) : "")}</td><td>{(s.Report?.Windows is { } w ? w.ToString(inv) : "")}</td><td>{s.Fits}</td><td>{s.Coverage:F4}</td><td>{s.MeanBandWidth:G4}</td><td>{WebUtility.HtmlEncode(Describe(s.Exclusions))}</td></tr>\n");
        }

        html.Append("</table>\n");
        foreach (var s in summaries.Where(s => s.Error is null))
        {
            string href = WebUtility.HtmlEncode(PlotName(s.Job));
            html.Append(inv, $"<h3 id=\"{href}\">{WebUtility.HtmlEncode(s.Job.RelativePath)}</h3>\n<img src=\"{href}\" alt=\"{href}\">\n");
            if (s.Report is not { } report)
            {
                continue;
            }

            if (report.Capped is { } capped)
            {
                html.Append("<p class=\"cap\">").Append(WebUtility.HtmlEncode(capped)).Append("</p>\n");
            }

            foreach (var panel in report.Panels)
            {
                string src = WebUtility.HtmlEncode(panel.FileName);
                html.Append(inv, $"<figure class=\"{(panel.Kind == ReportPanelKind.Episode ? "episode" : "window")}\"><img src=\"{src}\" alt=\"{src}\"><figcaption><b>{WebUtility.HtmlEncode(panel.Heading)}</b>: {WebUtility.HtmlEncode(panel.Caption)}</figcaption></figure>\n");
            }
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
}
