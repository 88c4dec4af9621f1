using Sidecar.RemoteRead;

namespace Sidecar.Config;

/// <summary>
/// One <c>remote_read</c> entry: the name selectors refer to in <c>source</c>, and the client's options, bound
/// straight from the entry's other keys (their defaults are the client's). <see cref="object.ToString"/> never
/// shows secrets (the client options hide them). Immutable.
/// </summary>
/// <param name="Name">The name; <see cref="DefaultName"/> when the only entry has none.</param>
/// <param name="Client">Where to read and how: URL, <c>http_config</c> keys, request splitting, retries, decode bounds.</param>
public sealed record RemoteReadConfig(string Name, RemoteReadClientOptions Client)
{
    /// <summary>The name of an entry written without one.</summary>
    public const string DefaultName = "default";
}
