using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Sources;

/// <summary>
/// One configured <c>query_range</c> source: a <see cref="QueryRangeClient"/> built from its settings, reporting into
/// the same <c>sidecar_remote_read_*{source}</c> families as a remote-read source (the families describe every
/// source, whatever its protocol), with <c>sidecar_remote_read_up</c> set after each read. Each selector reads
/// through its own <see cref="QueryRangeReader"/>. Thread-safe.
/// </summary>
public sealed class QueryRangeSource : ISeriesSource
{
    private readonly QueryRangeClient _client;
    private readonly SourceMetrics _metrics;

    /// <summary>Creates the client of <paramref name="config"/>; no request is sent yet.</summary>
    /// <exception cref="ArgumentException">The settings are invalid for the client.</exception>
    public QueryRangeSource(QueryRangeConfig config, SourceMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _client = new QueryRangeClient(config.Client, new RemoteReadMetricsObserver(metrics), time);
    }

    /// <inheritdoc />
    public ISeriesReader ReaderFor(SelectorConfig selector) => new QueryRangeReader(this, selector.Shaping);

    /// <summary>Evaluates <paramref name="expression"/> on the grid, setting <c>up</c> from the outcome.</summary>
    internal async Task<IReadOnlyList<TimeSeries>> QueryAsync(
        string expression, long startMs, long endMs, long stepMs, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _client.QueryRangeAsync(expression, startMs, endMs, stepMs, cancellationToken).ConfigureAwait(false);
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
