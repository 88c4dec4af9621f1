namespace Sidecar.Models.Evaluation;

/// <summary>
/// How a causal replay refits, matching the running sidecar's <c>fit_every</c>, <c>fit_window</c> and
/// <c>min_history</c> settings. Immutable.
/// </summary>
public sealed record ReplayOptions
{
    /// <summary>Time between refits (<c>fit_every</c>); must be positive.</summary>
    public TimeSpan FitEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Trailing history each fit sees (<c>fit_window</c>); must be positive.</summary>
    public TimeSpan FitWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>
    /// History needed before the first fit (<c>min_history</c>): the first fit happens at the first observed
    /// point whose timestamp is at least this far after the first observed point. Zero or positive.
    /// </summary>
    public TimeSpan MinHistory { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Options every fit uses.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (FitEvery <= TimeSpan.Zero)
        {
            throw new ArgumentException($"fit_every must be positive, got {FitEvery}.");
        }

        if (FitWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException($"fit_window must be positive, got {FitWindow}.");
        }

        if (MinHistory < TimeSpan.Zero)
        {
            throw new ArgumentException($"min_history must not be negative, got {MinHistory}.");
        }
    }
}
