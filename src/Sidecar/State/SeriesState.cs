using Sidecar.RemoteRead;

namespace Sidecar.State;

/// <summary>
/// One modelled series as saved: its shaped labels, source metric name, when it was last seen (unix milliseconds)
/// and its fitted model in the models' own versioned binary encoding. Immutable by convention.
/// </summary>
public sealed record SeriesState(LabelSet Labels, string Metric, long LastSeenMs, byte[] Model);
