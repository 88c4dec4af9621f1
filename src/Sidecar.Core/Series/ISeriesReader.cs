using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Where a selector's raw samples come from: the remote-read endpoint of its source. The seam lets tests inject
/// faults (an outage, a slow answer) without a network. Implementations are thread-safe.
/// </summary>
public interface ISeriesReader
{
    /// <summary>The series matching <paramref name="query"/>, merged over the whole range, timestamps ascending.</summary>
    /// <exception cref="RemoteReadException">The read failed (after the client's own retries).</exception>
    Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken);
}
