namespace Sidecar.Models;

/// <summary>The trend component's shape.</summary>
public enum Growth
{
    /// <summary>Piecewise linear with sparse changepoints.</summary>
    Linear,

    /// <summary>A constant level.</summary>
    Flat,
}
