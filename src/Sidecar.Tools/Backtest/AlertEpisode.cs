namespace Sidecar.Tools.Backtest;

/// <summary>
/// One page of the shipped rule on a replayed series: from the evaluation where <c>AnomalyDetected</c> starts firing
/// (the row with <c>alert</c> = 1) to the last evaluation where it still fires (including its <c>keep_firing_for</c>),
/// as <see cref="AlertOnsets"/> replays Prometheus's rule evaluation. Immutable.
/// </summary>
/// <param name="Number">1-based, in time order.</param>
/// <param name="StartMs">First firing evaluation, unix milliseconds.</param>
/// <param name="EndMs">Last firing evaluation, unix milliseconds.</param>
/// <param name="OnsetRow">The row the first firing evaluation saw.</param>
/// <param name="PeakScore">The highest <c>anomaly_score</c> a firing evaluation saw.</param>
public sealed record AlertEpisode(int Number, long StartMs, long EndMs, int OnsetRow, double PeakScore)
{
    /// <summary>The episodes of <paramref name="scores"/> at <paramref name="timestampsMs"/> (ascending), in time order.</summary>
    public static IReadOnlyList<AlertEpisode> From(IReadOnlyList<long> timestampsMs, IReadOnlyList<double> scores)
    {
        var episodes = new List<AlertEpisode>();
        AlertEpisode? open = null;
        foreach (var e in AlertOnsets.Evaluate(timestampsMs, scores))
        {
            if (e.Onset)
            {
                open = new AlertEpisode(episodes.Count + 1, e.TimeMs, e.TimeMs, e.Row, scores[e.Row]);
                episodes.Add(open);
            }
            else if (e.Firing && open is not null)
            {
                double seen = e.Row >= 0 && !double.IsNaN(scores[e.Row]) ? scores[e.Row] : double.NegativeInfinity;
                open = open with { EndMs = e.TimeMs, PeakScore = Math.Max(open.PeakScore, seen) };
                episodes[^1] = open;
            }
            else
            {
                open = null;
            }
        }

        return episodes;
    }
}
