namespace Sidecar.Tools.Backtest;

/// <summary>
/// Where the shipped paging rule (<c>AnomalyDetected</c>: <c>anomaly_score &gt; 1</c>, no <c>for:</c>,
/// <c>keep_firing_for: 10m</c>, in rules/sidecar-alerts.yml) would start firing on a replayed series: the unit people
/// live, one page per episode.
/// It replays Prometheus's rule evaluation on the score as a scraped series: rules are evaluated every minute from the
/// first row; at each evaluation the latest row at most 5 minutes old (the lookback, both ends included as in
/// Prometheus 2.x) is the value, none is there after a longer gap, and a row without a score is a scrape without the
/// gauge, stale at once. The alert turns pending at the first evaluation
/// where the value is above the threshold, fires at the first evaluation at least <c>for</c> later while it held at
/// every evaluation in between, and resolves at the first evaluation where it has not held for longer than
/// <c>keep_firing_for</c>; a new firing after that is a new episode. Thread-safe (stateless).
/// </summary>
public static class AlertOnsets
{
    /// <summary>The shipped rule's threshold.</summary>
    public const double Threshold = 1.0;

    /// <summary>
    /// The shipped rule's <c>for:</c>: none. Most anomalies that people label are one or two samples long (on the 15
    /// AIOps KPIs, <c>for: 1m</c> already loses 56% of the windows that <c>for: 0</c> catches); the band's width, not a
    /// delay, keeps noise from paging (docs/quality.md, "Paging semantics").
    /// </summary>
    public static readonly TimeSpan For = TimeSpan.Zero;

    /// <summary>The shipped rule's <c>keep_firing_for:</c>: a score that dips under 1 and back within it is one page.</summary>
    public static readonly TimeSpan KeepFiringFor = TimeSpan.FromMinutes(10);

    /// <summary>Prometheus's default lookback delta.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    /// <summary>Prometheus's default rule evaluation interval.</summary>
    public static readonly TimeSpan EvaluationInterval = TimeSpan.FromMinutes(1);

    /// <summary>1 on each row whose value the rule's first firing evaluation of an episode saw, 0 elsewhere.</summary>
    /// <param name="timestampsMs">Row times, unix milliseconds, ascending.</param>
    /// <param name="scores">The anomaly score per row; NaN where there is none (no sample).</param>
    public static int[] Compute(IReadOnlyList<long> timestampsMs, IReadOnlyList<double> scores)
    {
        var onsets = new int[scores.Count];
        foreach (var e in Evaluate(timestampsMs, scores).Where(e => e.Onset))
        {
            onsets[e.Row] = 1;
        }

        return onsets;
    }

    /// <summary>Every rule evaluation from the first row to the last: its time, the row it saw (-1: none), firing or not.</summary>
    public static IReadOnlyList<Evaluation> Evaluate(IReadOnlyList<long> timestampsMs, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(timestampsMs);
        ArgumentNullException.ThrowIfNull(scores);
        if (timestampsMs.Count != scores.Count)
        {
            throw new ArgumentException($"{timestampsMs.Count} timestamps but {scores.Count} scores", nameof(scores));
        }

        var evaluations = new List<Evaluation>();
        if (scores.Count == 0)
        {
            return evaluations;
        }

        var (step, lookback, forMs) = ((long)EvaluationInterval.TotalMilliseconds, (long)Lookback.TotalMilliseconds, (long)For.TotalMilliseconds);
        var keepMs = (long)KeepFiringFor.TotalMilliseconds;
        long? activeSince = null;
        long? keepSince = null;
        var firing = false;
        var row = -1;
        for (var t = timestampsMs[0]; t <= timestampsMs[^1]; t += step)
        {
            // The latest row with a sample at or before t, within the lookback.
            while (row + 1 < scores.Count && timestampsMs[row + 1] <= t)
            {
                row++;
            }

            // A row without a score is a scrape without the gauge: Prometheus marks it stale at once.
            var visible = row >= 0 && !double.IsNaN(scores[row]) && t - timestampsMs[row] <= lookback ? row : -1;
            if (visible < 0 || !(scores[visible] > Threshold))
            {
                // As Prometheus: a firing alert keeps firing while less than keep_firing_for has passed since the
                // first evaluation that no longer held.
                activeSince = null;
                keepSince ??= t;
                firing &= t - keepSince.Value < keepMs;
                evaluations.Add(new Evaluation(t, visible, firing, false));
                continue;
            }

            keepSince = null;
            activeSince ??= t;
            var onset = !firing && t - activeSince.Value >= forMs;
            firing |= onset;
            evaluations.Add(new Evaluation(t, visible, firing, onset));
        }

        return evaluations;
    }

    /// <summary>One rule evaluation.</summary>
    /// <param name="TimeMs">When, unix milliseconds.</param>
    /// <param name="Row">The row whose value it saw, or -1.</param>
    /// <param name="Firing">The alert fires after it.</param>
    /// <param name="Onset">It is the first firing evaluation of an episode.</param>
    public readonly record struct Evaluation(long TimeMs, int Row, bool Firing, bool Onset);
}
