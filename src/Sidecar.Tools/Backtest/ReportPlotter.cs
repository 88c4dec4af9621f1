using System.Globalization;
using ScottPlot;
using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Draws one series over a time range: value, band and predicted line (both clipped to the value's range in view, so
/// a wide band never sets the scale), rows with <c>anomaly_score &gt; 1</c>, alert episodes (firing time shaded red,
/// onset line), labelled windows (orange) and exclusions (grey: left out of fitting; green: expected). Rows are drawn
/// in time order. Not thread-safe; each picture uses its own instance's plot.
/// </summary>
internal sealed class ReportPlotter
{
    private readonly long[] _ts;
    private readonly double[] _x;
    private readonly double[] _value;
    private readonly double[] _predicted;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly double[] _score;

    public ReportPlotter(CsvSeries series, ReplayResult result)
    {
        var order = Enumerable.Range(0, series.Count).OrderBy(i => series.TimestampsMs[i]).ThenBy(i => i).ToArray();
        _ts = order.Select(i => series.TimestampsMs[i]).ToArray();
        _x = _ts.Select(X).ToArray();
        _value = order.Select(i => series.Values[i]).ToArray();
        _predicted = order.Select(i => result.Predicted[i]).ToArray();
        _lower = order.Select(i => result.Lower[i]).ToArray();
        _upper = order.Select(i => result.Upper[i]).ToArray();
        _score = order.Select(i => result.Score[i]).ToArray();
    }

    /// <summary>Row times in ascending order, unix milliseconds.</summary>
    public IReadOnlyList<long> SortedTimestamps => _ts;

    /// <summary>Anomaly scores in the order of <see cref="SortedTimestamps"/>.</summary>
    public IReadOnlyList<double> SortedScores => _score;

    /// <summary>Draws <paramref name="view"/> and saves it as a PNG.</summary>
    /// <param name="marked">Episodes whose onset gets its label (E1, …) in an overview; a zoomed picture labels every onset.</param>
    public void Save(
        string path, int width, int height, string title, TimeRange view, IReadOnlyList<AlertEpisode> episodes, ISet<int> marked,
        IReadOnlyList<TimeRange>? windows, IReadOnlyList<BacktestExclusion> exclusions)
    {
        int a = LowerBound(view.StartMs), b = LowerBound(view.EndMs + 1);
        var (lo, hi) = YRange(a, b);
        bool zoomed = b - a <= 2 * Bins;
        var plot = new Plot();
        Spans(plot, exclusions.Where(e => !e.Expected).Select(e => new TimeRange(e.StartMs, e.EndMs)), Colors.Gray.WithAlpha(0.25), "excluded from fitting", view);
        Spans(plot, exclusions.Where(e => e.Expected).Select(e => new TimeRange(e.StartMs, e.EndMs)), Colors.SeaGreen.WithAlpha(0.2), "expected (band widened to hold it)", view);
        Spans(plot, windows ?? [], Colors.Orange.WithAlpha(0.3), "labelled window", view);
        Spans(plot, episodes.Select(e => new TimeRange(e.StartMs, e.EndMs + 60_000)), Colors.Red.WithAlpha(0.12), "alert firing (AnomalyDetected)", view);

        var observed = Enumerable.Range(a, b - a).Where(i => double.IsFinite(_value[i])).ToArray();
        if (b - a > 2 * Bins)
        {
            DrawBinned(plot, a, b, view, lo, hi);
        }
        else
        {
            DrawRows(plot, a, b, observed, lo, hi, b - a <= 400);
        }

        var flagged = observed.Where(i => _score[i] > AlertOnsets.Threshold).ToArray();
        if (flagged.Length > 0)
        {
            var marks = plot.Add.ScatterPoints(flagged.Select(i => _x[i]).ToArray(), flagged.Select(i => _value[i]).ToArray());
            marks.Color = Colors.Red;
            marks.MarkerSize = zoomed ? 7 : 5;
            marks.LegendText = "anomaly_score > 1";
        }

        bool firstOnset = true;
        foreach (var e in episodes.Where(e => e.StartMs >= view.StartMs && e.StartMs <= view.EndMs))
        {
            var onset = plot.Add.VerticalLine(X(e.StartMs));
            onset.Color = Colors.Red.WithAlpha(marked.Contains(e.Number) || zoomed ? 0.8 : 0.35);
            onset.LineWidth = 1;
            onset.LinePattern = LinePattern.Dashed;
            if (firstOnset)
            {
                onset.LegendText = "alert fires (onset)";
                firstOnset = false;
            }
        }

        // Onsets closer than a label's width (a fifteenth of the picture) share one label (E5-7), so that labels never
        // overprint.
        long near = (view.EndMs - view.StartMs) / 15;
        var labelled = episodes.Where(e => (zoomed || marked.Contains(e.Number)) && e.StartMs >= view.StartMs && e.StartMs <= view.EndMs).ToList();
        for (int i = 0; i < labelled.Count;)
        {
            int j = i;
            while (j + 1 < labelled.Count && labelled[j + 1].StartMs - labelled[i].StartMs < near)
            {
                j++;
            }

            string text = j == i ? $"E{labelled[i].Number}"
                : labelled[j].Number - labelled[i].Number == j - i ? $"E{labelled[i].Number}-{labelled[j].Number}"
                : "E" + string.Join(",", labelled[i..(j + 1)].Select(e => e.Number));
            Label(plot, text, X(labelled[i].StartMs), hi, Colors.DarkRed);
            i = j + 1;
        }

        for (int i = 0; windows is not null && i < windows.Count; i++)
        {
            if (windows[i].EndMs >= view.StartMs && windows[i].StartMs <= view.EndMs)
            {
                Label(plot, $"W{i + 1}", X(Math.Max(windows[i].StartMs, view.StartMs)), lo, Colors.DarkOrange, bottom: true);
            }
        }

        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = t => t.TimeOfDay == TimeSpan.Zero
                ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : t.ToString("yyyy-MM-dd\nHH:mm", CultureInfo.InvariantCulture);
        }

        plot.Axes.SetLimits(X(view.StartMs), X(view.EndMs), lo, hi);
        plot.Title(title, size: 13);
        plot.XLabel("time (UTC)", size: 12);
        plot.YLabel("value", size: 12);
        plot.Legend.FontSize = 11;
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, width, height);
    }

    private int LowerBound(long ms)
    {
        int i = Array.BinarySearch(_ts, ms);
        if (i < 0)
        {
            return ~i;
        }

        while (i > 0 && _ts[i - 1] == ms)
        {
            i--;
        }

        return i;
    }

    /// <summary>Rows a picture draws one by one; beyond twice as many it draws their range per bin.</summary>
    private const int Bins = 800;

    private void DrawRows(Plot plot, int a, int b, int[] observed, double lo, double hi, bool markers)
    {
        bool first = true;
        foreach (var (start, end) in Runs(a, b))
        {
            var band = plot.Add.FillY(_x[start..end], Clip(_lower, start, end, lo, hi), Clip(_upper, start, end, lo, hi));
            band.FillColor = Colors.SteelBlue.WithAlpha(0.22);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(_x[start..end], Clip(_predicted, start, end, lo, hi));
            line.Color = Colors.SteelBlue.WithAlpha(0.9);
            line.LineWidth = 1.5f;
            if (first)
            {
                band.LegendText = "band (clipped to the value's range)";
                line.LegendText = "predicted";
                first = false;
            }
        }

        var value = plot.Add.ScatterLine(observed.Select(i => _x[i]).ToArray(), observed.Select(i => _value[i]).ToArray());
        value.Color = Colors.Black;
        value.LineWidth = 1.5f;
        value.MarkerSize = markers ? 3 : 0;
        value.LegendText = "value";
    }

    /// <summary>
    /// Too many rows for the width: per bin of equal time, the range of the value (dark) and the band's outer edges
    /// (blue), so that the picture shows levels and their changes instead of a smear of lines.
    /// </summary>
    private void DrawBinned(Plot plot, int a, int b, TimeRange view, double lo, double hi)
    {
        long width = BinWidth(view.EndMs - view.StartMs);
        var band = new List<(double X, double Lo, double Hi)>();
        var value = new List<(double X, double Lo, double Hi)>();
        bool firstBand = true, firstValue = true;
        int i = a;
        long lastBin = long.MinValue;
        string bandLegend = "band, its range per bin (clipped to the value's range)", valueLegend = $"value, its range per {ReportPanels.Duration(width)}";
        while (i < b)
        {
            long bin = (_ts[i] - view.StartMs) / width;
            if (bin > lastBin + 1)
            {
                // No row in a whole bin: a gap in the data, drawn as one.
                Envelope(plot, band, null, Colors.SteelBlue.WithAlpha(0.3), ref firstBand, bandLegend);
                Envelope(plot, value, null, Colors.Black.WithAlpha(0.55), ref firstValue, valueLegend);
            }

            lastBin = bin;
            long binEnd = view.StartMs + ((bin + 1) * width);
            double vlo = double.PositiveInfinity, vhi = double.NegativeInfinity, blo = double.PositiveInfinity, bhi = double.NegativeInfinity;
            bool hasBand = false;
            double x = X(binEnd - (width / 2));
            for (; i < b && _ts[i] < binEnd; i++)
            {
                if (double.IsFinite(_value[i]))
                {
                    (vlo, vhi) = (Math.Min(vlo, _value[i]), Math.Max(vhi, _value[i]));
                }

                if (!double.IsNaN(_predicted[i]))
                {
                    hasBand = true;
                    (blo, bhi) = (Math.Min(blo, _lower[i]), Math.Max(bhi, _upper[i]));
                }
            }

            Envelope(plot, band, hasBand ? (x, Math.Clamp(blo, lo, hi), Math.Clamp(bhi, lo, hi)) : null, Colors.SteelBlue.WithAlpha(0.3), ref firstBand, bandLegend);
            Envelope(plot, value, double.IsFinite(vlo) ? (x, vlo, vhi) : null, Colors.Black.WithAlpha(0.55), ref firstValue, valueLegend);
        }

        Envelope(plot, band, null, Colors.SteelBlue.WithAlpha(0.3), ref firstBand, bandLegend);
        Envelope(plot, value, null, Colors.Black.WithAlpha(0.55), ref firstValue, valueLegend);
    }

    /// <summary>
    /// The first round width that makes at most <see cref="Bins"/> bins of <paramref name="spanMs"/>; past 6 hours, whole
    /// days, so that a daily cycle never beats against the bins (12-hour bins would alternate night and day).
    /// </summary>
    internal static long BinWidth(long spanMs)
    {
        const long Minute = 60_000, Hour = 60 * Minute, Day = 24 * Hour;
        long least = Math.Max(1, (spanMs + Bins - 1) / Bins);
        foreach (long w in (long[])[Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute, Hour, 2 * Hour, 3 * Hour, 6 * Hour])
        {
            if (w >= least)
            {
                return w;
            }
        }

        return (least + Day - 1) / Day * Day;
    }

    /// <summary>Adds <paramref name="point"/> to the run; a gap (null) draws the run so far as one filled range.</summary>
    private static void Envelope(Plot plot, List<(double X, double Lo, double Hi)> run, (double X, double Lo, double Hi)? point, Color color, ref bool first, string legend)
    {
        if (point is { } p)
        {
            run.Add(p);
            return;
        }

        if (run.Count == 0)
        {
            return;
        }

        var fill = plot.Add.FillY(run.Select(r => r.X).ToArray(), run.Select(r => r.Lo).ToArray(), run.Select(r => r.Hi).ToArray());
        fill.FillColor = color;
        fill.LineColor = color;
        fill.LineWidth = 1;
        if (first)
        {
            fill.LegendText = legend;
            first = false;
        }

        run.Clear();
    }

    internal static double X(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToOADate();

    private static void Label(Plot plot, string text, double x, double y, Color color, bool bottom = false)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontColor = color;
        label.LabelFontSize = 12;
        label.LabelBold = true;
        label.LabelAlignment = bottom ? Alignment.LowerLeft : Alignment.UpperLeft;
        label.OffsetX = 2;
    }

    private static void Spans(Plot plot, IEnumerable<TimeRange> ranges, Color color, string legend, TimeRange view)
    {
        bool first = true;
        foreach (var r in ranges.Where(r => r.EndMs >= view.StartMs && r.StartMs <= view.EndMs))
        {
            var span = plot.Add.HorizontalSpan(X(Math.Max(r.StartMs, view.StartMs)), X(Math.Min(r.EndMs, view.EndMs)));
            span.FillStyle.Color = color;
            span.LineStyle.Width = 0;
            if (first)
            {
                span.LegendText = legend;
                first = false;
            }
        }
    }

    /// <summary>The value's range over rows [a, b) with a 5% margin; the band's when no value is there.</summary>
    private (double Lo, double Hi) YRange(int a, int b)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = a; i < b; i++)
        {
            if (double.IsFinite(_value[i]))
            {
                lo = Math.Min(lo, _value[i]);
                hi = Math.Max(hi, _value[i]);
            }
        }

        if (!double.IsFinite(lo))
        {
            for (int i = a; i < b; i++)
            {
                if (double.IsFinite(_predicted[i]))
                {
                    lo = Math.Min(lo, _predicted[i]);
                    hi = Math.Max(hi, _predicted[i]);
                }
            }
        }

        if (!double.IsFinite(lo))
        {
            return (0, 1);
        }

        double margin = hi > lo ? 0.05 * (hi - lo) : Math.Max(Math.Abs(lo) * 0.05, 1);
        return (lo - margin, hi + margin);
    }

    private static double[] Clip(double[] values, int start, int end, double lo, double hi)
    {
        var a = new double[end - start];
        for (int i = start; i < end; i++)
        {
            a[i - start] = Math.Clamp(values[i], lo, hi);
        }

        return a;
    }

    private IEnumerable<(int Start, int End)> Runs(int from, int to)
    {
        int i = from;
        while (i < to)
        {
            while (i < to && double.IsNaN(_predicted[i]))
            {
                i++;
            }

            int start = i;
            while (i < to && !double.IsNaN(_predicted[i]))
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
