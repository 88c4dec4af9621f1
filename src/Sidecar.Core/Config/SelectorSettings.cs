using Sidecar.Models;

namespace Sidecar.Config;

/// <summary>
/// The settings <c>defaults:</c> gives every selector and a selector may override key by key: schedule,
/// history, cardinality cap, model, cross-validation and tuning. Immutable.
/// </summary>
public sealed record SelectorSettings
{
    /// <summary>Grid spacing of the shaped series the model sees.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Trailing history each fit uses.</summary>
    public TimeSpan FitWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How often models are refitted.</summary>
    public TimeSpan FitEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often new samples are read and scored.</summary>
    public TimeSpan InferEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>History a series needs before it is modelled.</summary>
    public TimeSpan MinHistory { get; init; } = TimeSpan.FromDays(1);

    /// <summary>A series unseen this long is forgotten and its gauges removed.</summary>
    public TimeSpan SeriesTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Most series modelled per selector; more are dropped and counted.</summary>
    public int MaxSeries { get; init; } = 10_000;

    /// <summary>Model options (the <c>model:</c> keys, merged key by key over <c>defaults.model</c>).</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>Rolling cross-validation used by <c>cv</c>, <c>tune</c> and model type <c>auto</c>.</summary>
    public CrossValidationConfig CrossValidation { get; init; } = new();

    /// <summary>Parameter tuning, or null when not configured.</summary>
    public TuningConfig? Tuning { get; init; }
}
