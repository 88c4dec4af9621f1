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
}
