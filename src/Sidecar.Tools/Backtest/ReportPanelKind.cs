namespace Sidecar.Tools.Backtest;

/// <summary>What a <see cref="ReportPanel"/> zooms in on.</summary>
public enum ReportPanelKind
{
    /// <summary>An alert episode (the backtest's <c>alert</c> column).</summary>
    Episode,

    /// <summary>A labelled window (<c>--labels</c>).</summary>
    Window,
}
