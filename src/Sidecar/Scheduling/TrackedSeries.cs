using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.Series;
using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// What a selector knows about one series: its model (null while warming up), its gauges, when it was last seen and
/// its recent values, its latest score, and what continuous tuning chose for it. Guarded by the owning
/// <see cref="SeriesTable"/>'s lock.
/// </summary>
internal sealed class TrackedSeries(SeriesKey key, long recentMs)
{
    public SeriesKey Key { get; } = key;

    public IFittedModel? Model { get; set; }

    public SeriesGauges? Gauges { get; set; }

    /// <summary>Timestamp (unix ms) of the latest grid point with a value.</summary>
    public long LastSeenMs { get; set; }

    /// <summary>The latest value and its timestamp (unix ms); null until a read saw one.</summary>
    public (long TimestampMs, double Value)? Latest => Recent.Latest;

    /// <summary>The observed points of the sustained-deviation window, up to <see cref="Latest"/>.</summary>
    public RecentPoints Recent { get; } = new(recentMs);

    /// <summary>When a warming-up series is next tried for a catch-up fit (unix ms).</summary>
    public long NextCatchUpMs { get; set; }

    public bool IsModelled => Model is not null;

    /// <summary>The anomaly score last published, or null when its value was stale.</summary>
    public double? LatestScore { get; set; }

    /// <summary>The latest evaluation step (unix ms) whose score was above 1, or <see cref="long.MinValue"/>.</summary>
    public long LastAnomalousMs { get; set; } = long.MinValue;

    /// <summary>Continuous tuning's choice for the series, or null (not tuned yet, or no tuning).</summary>
    public TuningChoice? Tuning { get; set; }

    /// <summary>The model options of <see cref="Tuning"/>'s grid combination; null: the selector's own.</summary>
    public ModelOptions? TunedOptions { get; set; }

    /// <summary>The tuning gauges, created at the first publish with a <see cref="Tuning"/>.</summary>
    public TuningGauges? TuningGauges { get; set; }

    /// <summary>The choice <see cref="TuningGauges"/> shows.</summary>
    public TuningChoice? ShownTuning { get; set; }

    /// <summary>Publishes <see cref="Tuning"/> when it changed since last shown (while publishing, under the table's lock).</summary>
    public void ShowTuning(SeriesPublisher publisher)
    {
        if (Tuning is not { } choice || Gauges is not { } gauges || ReferenceEquals(ShownTuning, choice))
        {
            return;
        }

        TuningGauges ??= publisher.CreateTuningGauges(gauges);
        TuningGauges.Show(choice.Settings, choice.Metric, choice.InUseError, choice.WinnerError, choice.RunnerUpError);
        ShownTuning = choice;
    }

    /// <summary>Withdraws the output and tuning gauges.</summary>
    public void DisposeGauges()
    {
        Gauges?.Dispose();
        Gauges = null;
        TuningGauges?.Dispose();
        TuningGauges = null;
        ShownTuning = null;
    }
}
