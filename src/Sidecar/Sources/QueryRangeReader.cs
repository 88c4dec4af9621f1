using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Sources;

/// <summary>
/// One selector's reads from a <see cref="QueryRangeSource"/>: a read of [start, end] becomes a <c>query_range</c> of
/// <see cref="QueryRangeExpression"/> on the selector's step grid ending at <c>end</c> (every grid a selector shapes
/// ends where its read ends), so the points land on the timestamps <see cref="SeriesShaper"/> evaluates. Thread-safe.
/// </summary>
public sealed class QueryRangeReader : ISeriesReader
{
    private readonly QueryRangeSource _source;
    private readonly ShapingOptions _shaping;
    private readonly long _stepMs;

    internal QueryRangeReader(QueryRangeSource source, ShapingOptions shaping)
    {
        _source = source;
        _shaping = shaping;
        _stepMs = Math.Max(1, shaping.Step.Ticks / TimeSpan.TicksPerMillisecond);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.EndMs < query.StartMs)
        {
            throw new ArgumentException($"query ends ({query.EndMs}) before it starts ({query.StartMs})", nameof(query));
        }

        var startMs = query.EndMs - (query.EndMs - query.StartMs) / _stepMs * _stepMs;
        return _source.QueryAsync(QueryRangeExpression.For(_shaping, query.Matchers), startMs, query.EndMs, _stepMs, cancellationToken);
    }
}
