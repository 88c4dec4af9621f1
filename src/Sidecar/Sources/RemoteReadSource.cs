using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Sources;

/// <summary>
/// One configured <c>remote_read</c> source as an <see cref="ISeriesReader"/>: a <see cref="RemoteReadClient"/> built
/// from its settings, reporting into <c>sidecar_remote_read_*{source}</c>, with <c>sidecar_remote_read_up</c> set to 1
/// after each successful read and 0 after each failed one (after the client's retries). Thread-safe.
/// </summary>
public sealed class RemoteReadSource : ISeriesReader, ISeriesSource
{
    private readonly RemoteReadClient _client;
    private readonly SourceMetrics _metrics;

    /// <summary>Creates the client of <paramref name="config"/>; no request is sent yet.</summary>
    /// <exception cref="ArgumentException">The settings are invalid for the client.</exception>
    public RemoteReadSource(RemoteReadConfig config, SourceMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _client = new RemoteReadClient(config.Client, new RemoteReadMetricsObserver(metrics), time);
    }

    /// <inheritdoc />
    public ISeriesReader ReaderFor(SelectorConfig selector) => this;

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _client.ReadAsync(query, cancellationToken).ConfigureAwait(false);
            _metrics.Up.Set(1);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.Up.Set(0);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
