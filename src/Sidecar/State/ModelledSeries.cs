using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.State;

/// <summary>One modelled series as saved and restored: its key, when it was last seen (unix milliseconds) and its model.</summary>
public readonly record struct ModelledSeries(SeriesKey Key, long LastSeenMs, IFittedModel Model);
