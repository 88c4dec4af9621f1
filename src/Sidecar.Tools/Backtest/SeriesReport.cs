namespace Sidecar.Tools.Backtest;

/// <summary>The pictures the report drew for one series, and how many it left out by the caps. Immutable.</summary>
/// <param name="Overview">The overview PNG's path relative to the report directory.</param>
/// <param name="Panels">The zoomed panels, episodes first, then windows, each in time order.</param>
/// <param name="Episodes">Alert episodes in the series.</param>
/// <param name="Windows">Labelled windows of the series; null when no labels name it.</param>
/// <param name="MaxPanels">The cap on episode panels, and on window panels.</param>
public sealed record SeriesReport(string Overview, IReadOnlyList<ReportPanel> Panels, int Episodes, int? Windows, int MaxPanels)
{
    /// <summary>Episodes that got a panel.</summary>
    public int EpisodePanels => Panels.Count(p => p.Kind == ReportPanelKind.Episode);

    /// <summary>Windows that got a panel.</summary>
    public int WindowPanels => Panels.Count(p => p.Kind == ReportPanelKind.Window);

    /// <summary>What the caps left out, for the log and the index; null when nothing was.</summary>
    public string? Capped
    {
        get
        {
            var parts = new List<string>();
            if (EpisodePanels < Episodes)
            {
                parts.Add($"{EpisodePanels} of {Episodes} alert episodes zoomed (the highest peak anomaly_score; at most {MaxPanels} per file)");
            }

            if (Windows is { } w && WindowPanels < w)
            {
                parts.Add($"{WindowPanels} of {w} labelled windows zoomed (the first {MaxPanels})");
            }

            return parts.Count > 0 ? string.Join("; ", parts) : null;
        }
    }
}
