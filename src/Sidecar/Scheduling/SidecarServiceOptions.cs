namespace Sidecar.Scheduling;

/// <summary>What the service needs from the command line besides its dependencies. Immutable.</summary>
/// <param name="ConfigFile">The YAML configuration file (<c>--config.file</c>), read at start and at every reload.</param>
public sealed record SidecarServiceOptions(string ConfigFile);
