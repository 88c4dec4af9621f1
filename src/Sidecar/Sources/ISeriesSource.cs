using Sidecar.Config;
using Sidecar.Series;

namespace Sidecar.Sources;

/// <summary>
/// One configured source, of either kind: it hands each selector the reader its reads go through (a remote-read
/// source serves every selector alike; a <c>query_range</c> source writes each selector's PromQL on its step).
/// Disposing it closes its connections. Implementations are thread-safe.
/// </summary>
public interface ISeriesSource : IDisposable
{
    /// <summary>The reader for <paramref name="selector"/>, which names this source.</summary>
    ISeriesReader ReaderFor(SelectorConfig selector);
}
