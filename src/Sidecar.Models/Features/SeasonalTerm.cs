namespace Sidecar.Models.Features;

/// <summary>One Fourier seasonality as compiled into design columns (2 × <see cref="Order"/> of them).</summary>
internal sealed record SeasonalTerm(double PeriodSeconds, int Order, double PriorScale, SeasonalityCondition Condition);
