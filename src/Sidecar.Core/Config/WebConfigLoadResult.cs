namespace Sidecar.Config;

/// <summary>What loading a web config gave: the config (null when any error was found) and every diagnostic.</summary>
public sealed record WebConfigLoadResult(WebConfig? Config, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    /// <summary>True when the config loaded without errors (warnings allowed).</summary>
    public bool IsValid => Config is not null;
}
