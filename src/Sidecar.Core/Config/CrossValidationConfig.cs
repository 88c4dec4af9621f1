namespace Sidecar.Config;

/// <summary>
/// Rolling cross-validation (<c>cv:</c>): train on <see cref="Initial"/>, predict <see cref="Horizon"/>, move
/// the cutoff by <see cref="Period"/>, repeat. Immutable.
/// </summary>
public sealed record CrossValidationConfig
{
    /// <summary>Length of the first training window.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How far each fold predicts.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Cutoff spacing as configured; null means half the horizon (see <see cref="EffectivePeriod"/>).</summary>
    public TimeSpan? Period { get; init; }

    /// <summary><see cref="Period"/>, or <see cref="Horizon"/> / 2 when unset.</summary>
    public TimeSpan EffectivePeriod => Period ?? Horizon / 2;
}
