using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.State;

/// <summary>One modelled series as saved and restored: its key, when it was last seen (unix milliseconds), its model and its tuning choice.</summary>
public readonly record struct ModelledSeries(SeriesKey Key, long LastSeenMs, IFittedModel Model)
{
    /// <summary>The series' continuous-tuning choice, or null (none yet, or no tuning).</summary>
    public TuningChoice? Tuning { get; init; }
}
