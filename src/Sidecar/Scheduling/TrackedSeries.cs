using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// What a selector knows about one series: its model (null while warming up), its gauges, when it was last seen and
/// its recent values. Guarded by the owning <see cref="SelectorRunner"/>'s lock.
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
}
