using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>What the service needs from the command line besides its dependencies. Immutable.</summary>
/// <param name="ConfigFile">The YAML configuration file (<c>--config.file</c>), read at start and at every reload.</param>
/// <param name="Version">The build's version, for <c>sidecar_build_info</c>.</param>
/// <param name="Revision">The build's source revision, for <c>sidecar_build_info</c>.</param>
/// <param name="AllowEmptyReload">
/// <c>--config.allow-empty-reload</c>: apply a reload to a configuration without selectors while selectors run
/// (every gauge goes); refused otherwise, since an emptied or truncated file is far likelier than the intent.
/// </param>
/// <param name="Shard">
/// <c>--shard.count</c> and <c>--shard.index</c>: the series this replica models; null for all (no sharding).
/// </param>
/// <param name="ReplicaLabelled">
/// <c>--shard.replica</c> is set: every family carries <c>replica</c>, so a series label of that name is exposed as
/// <c>exported_replica</c>.
/// </param>
/// <param name="Replica">The value of <c>--shard.replica</c>, or null: the <c>replica</c> label of remote-written samples too.</param>
public sealed record SidecarServiceOptions(
    string ConfigFile,
    string Version = "unknown",
    string Revision = "unknown",
    bool AllowEmptyReload = false,
    SeriesShard? Shard = null,
    bool ReplicaLabelled = false,
    string? Replica = null);
