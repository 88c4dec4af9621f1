using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>How <see cref="BacktestRunner"/> runs. Immutable.</summary>
public sealed record BacktestSettings
{
    /// <summary>Replay schedule and model options.</summary>
    public ReplayOptions Replay { get; init; } = new();

    /// <summary>Files processed at once (at least 1).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Directory for the PNG-per-series report and its <c>index.html</c>, or null for none.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Exclusions (<c>--exclusions</c>) added to each file they apply to, as <c>exclude:</c> or <c>expected:</c> windows.</summary>
    public IReadOnlyList<BacktestExclusion> Exclusions { get; init; } = [];

    /// <summary>Labelled windows (<c>--labels</c>) drawn and zoomed in the report, or null for none.</summary>
    public LabelledWindows? Labels { get; init; }

    /// <summary>The most zoomed panels per file in the report for alert episodes, and for labelled windows (zero or more).</summary>
    public int MaxReportPanels { get; init; } = ReportPanels.DefaultMaxPanels;

    /// <summary>
    /// Least time between two progress lines within one file (the first comes this long after the file's first fit):
    /// a file that replays faster prints only its line when it finishes. Zero: a line at every fit.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>--selector</c> whose settings are used: exclusions with another selector do not apply.</summary>
    public string? Selector { get; init; }
}
