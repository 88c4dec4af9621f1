using Sidecar.Models;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// One zoomed picture of a series in the <c>--report</c>: around one alert episode or one labelled window. Immutable.
/// </summary>
/// <param name="Kind">What it zooms in on.</param>
/// <param name="Number">The episode's or window's 1-based number in the file.</param>
/// <param name="Focus">The episode (first to last firing evaluation) or the window, unix milliseconds.</param>
/// <param name="View">The time range drawn: the focus with context on both sides, within the data.</param>
/// <param name="FileName">The PNG's path relative to the report directory.</param>
/// <param name="Heading">Which it is, e.g. <c>E6: alert episode 6 of 25</c>.</param>
/// <param name="Caption">What a person reads under the heading: when, how long, and what it met.</param>
public sealed record ReportPanel(ReportPanelKind Kind, int Number, TimeRange Focus, TimeRange View, string FileName, string Heading, string Caption);
