namespace Sidecar.Tools.Demo;

/// <summary>How a sample series evolves and which OpenMetrics type it is written as.</summary>
public enum SampleSeriesKind
{
    /// <summary>A monotonically increasing count (reset to zero when its process restarts).</summary>
    Counter,

    /// <summary>A level that goes up and down.</summary>
    Gauge,
}
