namespace Sidecar.Config;

/// <summary>
/// A loaded, validated sidecar configuration. Build it with <see cref="ConfigLoader"/>; <c>new SidecarConfig()</c>
/// is the configuration with no sources and no selectors, every default in place (for commands run without a
/// file). Immutable.
/// </summary>
public sealed record SidecarConfig
{
    /// <summary>The <c>remote_read</c> entries, in file order; names are unique.</summary>
    public IReadOnlyList<RemoteReadConfig> RemoteReads { get; init; } = [];

    /// <summary>The <c>query_range</c> entries, in file order; names are unique across both kinds of source.</summary>
    public IReadOnlyList<QueryRangeConfig> QueryRanges { get; init; } = [];

    /// <summary>The <c>defaults:</c> section on its own (what a selector gets when it overrides nothing).</summary>
    public SelectorSettings Defaults { get; init; } = new();

    /// <summary>The selectors, in file order, defaults applied; names are unique.</summary>
    public IReadOnlyList<SelectorConfig> Selectors { get; init; } = [];

    /// <summary>The <c>alertmanager:</c> section, whose silences become exclusions; null when absent.</summary>
    public AlertmanagerConfig? Alertmanager { get; init; }

    /// <summary>Output gauge naming.</summary>
    public OutputNaming OutputNaming { get; init; } = OutputNaming.Default;

    /// <summary>The <c>remote_write</c> entries, in file order; names are unique.</summary>
    public IReadOnlyList<RemoteWriteConfig> RemoteWrites { get; init; } = [];

    /// <summary>The <c>exposition:</c> section: which output families <c>/metrics</c> carries.</summary>
    public ExpositionConfig Exposition { get; init; } = new();

    /// <summary>The remote-read entry named <paramref name="name"/>, or null.</summary>
    public RemoteReadConfig? FindRemoteRead(string name) =>
        RemoteReads.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    /// <summary>The query-range entry named <paramref name="name"/>, or null.</summary>
    public QueryRangeConfig? FindQueryRange(string name) =>
        QueryRanges.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    /// <summary>The selector named <paramref name="name"/>, or null.</summary>
    public SelectorConfig? FindSelector(string name) =>
        Selectors.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
