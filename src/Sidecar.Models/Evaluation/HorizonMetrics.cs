namespace Sidecar.Models.Evaluation;

/// <summary>Metrics of the cross-validation points whose distance from their cutoff lies in (<paramref name="From"/>, <paramref name="To"/>].</summary>
/// <param name="From">Exclusive lower end of the horizon bucket.</param>
/// <param name="To">Inclusive upper end of the horizon bucket.</param>
/// <param name="Metrics">Metrics over the normal points in the bucket.</param>
public sealed record HorizonMetrics(TimeSpan From, TimeSpan To, ForecastMetrics Metrics);
