using System.Text.RegularExpressions;
using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Testing;

/// <summary>
/// Serves remote-read queries from series held in memory, with PromQL matcher semantics, for tests that drive a fake
/// clock (no real Prometheus runs on fake time). Fault injection: <see cref="Failing"/> makes every read fail as an
/// unreachable Prometheus would; <see cref="Gate"/> holds reads until the test releases them. Records every query.
/// </summary>
public sealed class InMemorySeriesReader : ISeriesReader
{
    private readonly List<TimeSeries> _series = [];
    private readonly List<ReadQuery> _queries = [];

    public bool Failing { get; set; }

    public SemaphoreSlim? Gate { get; set; }

    public IReadOnlyList<ReadQuery> Queries
    {
        get
        {
            lock (_queries)
            {
                return _queries.ToList();
            }
        }
    }

    public void Add(TimeSeries series)
    {
        lock (_series)
        {
            _series.Add(series);
        }
    }

    public void Clear()
    {
        lock (_series)
        {
            _series.Clear();
        }
    }

    public void ClearQueries()
    {
        lock (_queries)
        {
            _queries.Clear();
        }
    }

    public async Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken)
    {
        lock (_queries)
        {
            _queries.Add(query);
        }

        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
            gate.Release();
        }

        if (Failing)
        {
            throw new HttpRequestException("connection refused (injected)");
        }

        lock (_series)
        {
            var result = new List<TimeSeries>();
            foreach (var series in _series.Where(s => query.Matchers.All(m => Matches(m, s.Labels))))
            {
                var keep = Enumerable.Range(0, series.Count)
                    .Where(i => series.TimestampsMs[i] >= query.StartMs && series.TimestampsMs[i] <= query.EndMs).ToArray();
                if (keep.Length > 0)
                {
                    result.Add(new TimeSeries(series.Labels, keep.Select(i => series.TimestampsMs[i]).ToArray(), keep.Select(i => series.Values[i]).ToArray()));
                }
            }

            return result;
        }
    }

    private static bool Matches(Matcher matcher, LabelSet labels)
    {
        var value = labels.Get(matcher.Name);
        return matcher.Type switch
        {
            RemoteRead.MatchType.Equal => value == matcher.Value,
            RemoteRead.MatchType.NotEqual => value != matcher.Value,
            RemoteRead.MatchType.RegexMatch => Regex.IsMatch(value, $"^(?:{matcher.Value})$"),
            _ => !Regex.IsMatch(value, $"^(?:{matcher.Value})$"),
        };
    }
}
