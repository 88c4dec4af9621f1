using Sidecar.RemoteRead;

namespace Sidecar.State;

/// <summary>
/// One modelled series as saved: its shaped labels, source metric name, when it was last seen (unix milliseconds)
/// and its fitted model in the models' own versioned binary encoding; with continuous tuning, the tuning choice (null
/// in files saved before it, or without tuning). Immutable by convention.
/// </summary>
public sealed record SeriesState(LabelSet Labels, string Metric, long LastSeenMs, byte[] Model)
{
    /// <summary>The series' tuning choice, or null.</summary>
    public TuningChoice? Tuning { get; init; }
}
