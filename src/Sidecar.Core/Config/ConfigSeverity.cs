namespace Sidecar.Config;

/// <summary>How bad a config problem is.</summary>
public enum ConfigSeverity
{
    /// <summary>The config cannot be used.</summary>
    Error,

    /// <summary>The config loads, but something is likely wrong (e.g. a missing <c>ca_file</c>).</summary>
    Warning,
}
