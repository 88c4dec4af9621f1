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
    public async Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.EndMs < query.StartMs)
        {
            throw new ArgumentException($"query ends ({query.EndMs}) before it starts ({query.StartMs})", nameof(query));
        }

        var startMs = query.EndMs - (query.EndMs - query.StartMs) / _stepMs * _stepMs;
        var series = await _source.QueryAsync(QueryRangeExpression.For(_shaping, query.Matchers), startMs, query.EndMs, _stepMs, cancellationToken)
            .ConfigureAwait(false);
        return _shaping.Input == SeriesInput.Shaped && SingleName(query.Matchers) is { } name ? WithName(series, name) : series;
    }

    // The store's function or aggregation dropped the metric name; when the matchers name one metric, it is known,
    // and the shaper turns it into the series' metric name (the `metric` label), as it does for raw samples.
    private static string? SingleName(IReadOnlyList<Matcher> matchers)
    {
        var names = matchers.Where(m => m.Name == LabelSet.MetricName && m.Type == RemoteRead.MatchType.Equal).Select(m => m.Value).Distinct().ToList();
        return names.Count == 1 && names[0].Length > 0 ? names[0] : null;
    }

    private static IReadOnlyList<TimeSeries> WithName(IReadOnlyList<TimeSeries> series, string name) =>
        series.Select(s => s.Labels.Get(LabelSet.MetricName).Length > 0
            ? s
            : new TimeSeries(LabelSet.From(s.Labels.Append(new Label(LabelSet.MetricName, name))), s.TimestampsMs, s.Values)).ToList();
}
