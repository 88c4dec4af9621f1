namespace Sidecar.Models;

/// <summary>Which side of the band counts as anomalous.</summary>
public enum DetectionDirection
{
    /// <summary>Above the upper edge or below the lower edge.</summary>
    Both,

    /// <summary>Only above the upper edge (spikes, latency).</summary>
    Above,

    /// <summary>Only below the lower edge (traffic drops).</summary>
    Below,
}
