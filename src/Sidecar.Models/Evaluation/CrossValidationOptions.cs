namespace Sidecar.Models.Evaluation;

/// <summary>
/// Rolling-origin cross-validation settings, as in Prophet's <c>cross_validation</c>: train on
/// <see cref="Initial"/>, predict <see cref="Horizon"/>, move the cutoff by <see cref="Period"/>, repeat. Immutable.
/// </summary>
public sealed record CrossValidationOptions
{
    /// <summary>History before the first cutoff, measured from the first observed point; positive.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromDays(3);

    /// <summary>How far past each cutoff predictions are scored; positive.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Spacing of cutoffs; null means <see cref="Horizon"/> / 2.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>
    /// Trailing history each fold trains on (the sidecar's <c>fit_window</c>); null trains on everything up to the
    /// cutoff (Prophet's expanding window).
    /// </summary>
    public TimeSpan? TrainWindow { get; init; }

    /// <summary>
    /// Season of the seasonal naive forecast whose in-sample MAE scales MASE and MSIS (M4 uses 24 steps for hourly
    /// series: one day); positive.
    /// </summary>
    public TimeSpan Season { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The period actually used.</summary>
    public TimeSpan EffectivePeriod => Period ?? Horizon / 2;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Initial <= TimeSpan.Zero)
        {
            throw new ArgumentException($"initial must be positive, got {Initial}.");
        }

        if (Horizon <= TimeSpan.Zero)
        {
            throw new ArgumentException($"horizon must be positive, got {Horizon}.");
        }

        if (EffectivePeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"period must be positive, got {EffectivePeriod}.");
        }

        if (Season <= TimeSpan.Zero)
        {
            throw new ArgumentException($"season must be positive, got {Season}.");
        }

        if (TrainWindow is { } w && w <= TimeSpan.Zero)
        {
            throw new ArgumentException($"train window must be positive, got {w}.");
        }
    }
}
