namespace Sidecar.Models.Evaluation;

/// <summary>Every candidate of a tuning run, in grid order, and the one chosen. Immutable.</summary>
/// <param name="Candidates">Candidates in grid order.</param>
/// <param name="Metric">The metric the choice minimised.</param>
/// <param name="BestIndex">Index of the chosen candidate (lowest loss, earliest on ties), or −1 when every candidate failed.</param>
public sealed record TuningResult(IReadOnlyList<TuningCandidate> Candidates, MetricKind Metric, int BestIndex)
{
    /// <summary>The chosen candidate, or null when every candidate failed.</summary>
    public TuningCandidate? Best => BestIndex >= 0 ? Candidates[BestIndex] : null;
}
