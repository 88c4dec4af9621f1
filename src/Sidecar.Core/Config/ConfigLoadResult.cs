namespace Sidecar.Config;

/// <summary>
/// The outcome of loading a config file: the config when there is no error, and every problem found, errors and
/// warnings, in file order. Immutable.
/// </summary>
public sealed record ConfigLoadResult(SidecarConfig? Config, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    /// <summary>True when the file loaded without errors (warnings allowed).</summary>
    public bool IsValid => Config is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ConfigSeverity.Error);

    /// <summary>The warnings only.</summary>
    public IEnumerable<ConfigDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == ConfigSeverity.Warning);
}
