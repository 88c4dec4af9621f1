namespace Sidecar.Models;

/// <summary>One Fourier seasonality: a period, its order and the prior scale that regularises it.</summary>
/// <param name="Name">Identifier, e.g. <c>daily</c>.</param>
/// <param name="PeriodSeconds">Length of the cycle in seconds (86400 for daily).</param>
/// <param name="FourierOrder">Number of sine/cosine pairs.</param>
/// <param name="PriorScale">Larger values let the seasonality fit larger swings.</param>
/// <param name="Condition">Days on which it applies.</param>
public sealed record SeasonalityOptions(
    string Name,
    double PeriodSeconds,
    int FourierOrder,
    double PriorScale = 10.0,
    SeasonalityCondition Condition = SeasonalityCondition.None);
