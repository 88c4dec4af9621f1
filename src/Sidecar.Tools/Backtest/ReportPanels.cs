using System.Globalization;
using Sidecar.Models;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Chooses the zoomed panels of one series: one per alert episode and one per labelled window, capped so that a noisy
/// file does not produce thousands of pictures (at most <c>maxPanels</c>, by default <see cref="DefaultMaxPanels"/>, of
/// each: the episodes with the highest peak score, the first windows). Each panel shows its focus with half its length, and at
/// least <see cref="ContextRows"/> rows' worth of time, on either side. Thread-safe (stateless).
/// </summary>
public static class ReportPanels
{
    /// <summary>The most episode panels, and the most window panels, per file unless <c>--report-panels</c> says otherwise.</summary>
    public const int DefaultMaxPanels = 10;

    /// <summary>The least context on either side of a focus, in rows (at the series' median spacing).</summary>
    public const int ContextRows = 96;

    /// <summary>The panels for a series spanning <paramref name="data"/>, with its median row spacing <paramref name="stepMs"/>.</summary>
    /// <param name="plotBase">The overview's path relative to the report directory, without <c>.png</c>.</param>
    /// <param name="data">First to last row, unix milliseconds.</param>
    /// <param name="stepMs">Median spacing of the rows, milliseconds.</param>
    /// <param name="episodes">The series' alert episodes, in time order.</param>
    /// <param name="windows">Its labelled windows sorted by start, or null when no labels name it.</param>
    /// <param name="maxPanels">The most episode panels, and the most window panels; zero or more.</param>
    public static IReadOnlyList<ReportPanel> Choose(
        string plotBase, TimeRange data, long stepMs, IReadOnlyList<AlertEpisode> episodes, IReadOnlyList<TimeRange>? windows, int maxPanels = DefaultMaxPanels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPanels);
        ArgumentNullException.ThrowIfNull(plotBase);
        ArgumentNullException.ThrowIfNull(episodes);
        var panels = new List<ReportPanel>();
        var inv = CultureInfo.InvariantCulture;
        foreach (var e in episodes.OrderByDescending(e => e.PeakScore).ThenBy(e => e.Number).Take(maxPanels).OrderBy(e => e.Number))
        {
            var focus = new TimeRange(e.StartMs, e.EndMs);
            string where = windows is null ? ""
                : Index(windows, w => w.StartMs <= e.StartMs && e.StartMs <= w.EndMs) is int k and >= 0 ? $"; starts inside labelled window W{k + 1}"
                : "; starts outside every labelled window";
            panels.Add(new ReportPanel(
                ReportPanelKind.Episode, e.Number, focus, View(focus, data, stepMs),
                string.Create(inv, $"{plotBase}.episode-{e.Number:D3}.png"),
                string.Create(inv, $"E{e.Number}: alert episode {e.Number} of {episodes.Count}"),
                string.Create(inv, $"fires {Time(e.StartMs)} for {Duration(e.EndMs - e.StartMs)}, peak anomaly_score {e.PeakScore:G3}{where}")));
        }

        if (windows is not null)
        {
            for (int i = 0; i < windows.Count && i < maxPanels; i++)
            {
                var w = windows[i];
                int inside = episodes.Count(e => w.StartMs <= e.StartMs && e.StartMs <= w.EndMs);
                string met = inside == 0 ? "no alert episode starts inside it (missed)"
                    : string.Create(inv, $"{inside} alert episode{(inside == 1 ? "" : "s")} start{(inside == 1 ? "s" : "")} inside it");
                panels.Add(new ReportPanel(
                    ReportPanelKind.Window, i + 1, w, View(w, data, stepMs),
                    string.Create(inv, $"{plotBase}.window-{i + 1:D3}.png"),
                    string.Create(inv, $"W{i + 1}: labelled window {i + 1} of {windows.Count}"),
                    string.Create(inv, $"{Time(w.StartMs)} to {Time(w.EndMs)} ({Duration(w.EndMs - w.StartMs)}); {met}")));
            }
        }

        return panels;
    }

    /// <summary>The median spacing of ascending <paramref name="sortedMs"/> (1 minute when there are fewer than 2).</summary>
    public static long MedianStep(IReadOnlyList<long> sortedMs)
    {
        ArgumentNullException.ThrowIfNull(sortedMs);
        if (sortedMs.Count < 2)
        {
            return 60_000;
        }

        var steps = new long[sortedMs.Count - 1];
        for (int i = 1; i < sortedMs.Count; i++)
        {
            steps[i - 1] = sortedMs[i] - sortedMs[i - 1];
        }

        Array.Sort(steps);
        return Math.Max(1, steps[steps.Length / 2]);
    }

    /// <summary>A time as the report writes it: UTC, to the minute.</summary>
    internal static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>A duration as the report writes it: 0m, 45m, 2h30m, 3d4h.</summary>
    internal static string Duration(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return t.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d{(t.Hours > 0 ? $"{t.Hours}h" : "")}")
            : t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{(t.Minutes > 0 ? $"{t.Minutes}m" : "")}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m");
    }

    private static TimeRange View(TimeRange focus, TimeRange data, long stepMs)
    {
        long pad = Math.Max((focus.EndMs - focus.StartMs) / 2, ContextRows * stepMs);
        return new TimeRange(Math.Max(data.StartMs, focus.StartMs - pad), Math.Min(data.EndMs, focus.EndMs + pad));
    }

    private static int Index(IReadOnlyList<TimeRange> windows, Func<TimeRange, bool> predicate)
    {
        for (int i = 0; i < windows.Count; i++)
        {
            if (predicate(windows[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
