using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests.Integration;

/// <summary>
/// One real Prometheus for the integration tests, backfilled with a small, tricky dataset: six hours across
/// several 2-hour blocks, 1-minute and irregular millisecond timestamps, special float values, label values
/// with quotes and non-ASCII, and a family of series for matcher semantics.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private PrometheusServer? _server;

    /// <summary>Inclusive end of the data: a whole minute, ten minutes ago (never the future).</summary>
    public long EndMs { get; } = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000) - 10) * 60_000;

    public long StartMs => EndMs - (6 * 3_600_000);

    public IReadOnlyList<TimeSeries> RoundTripSeries { get; private set; } = [];

    public IReadOnlyList<TimeSeries> MatcherSeries { get; private set; } = [];

    public PrometheusServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        RoundTripSeries = BuildRoundTripSeries();
        MatcherSeries = BuildMatcherSeries();
        _server = await PrometheusServer.StartAsync([.. RoundTripSeries, .. MatcherSeries]);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private List<TimeSeries> BuildRoundTripSeries()
    {
        var random = new Random(42);
        var series = new List<TimeSeries>();

        var minutes = Enumerable.Range(0, 361).Select(i => StartMs + (i * 60_000L)).ToArray();
        series.Add(new TimeSeries(
            LabelSet.From(("__name__", "rr_gauge"), ("job", "regular")),
            minutes,
            minutes.Select((_, i) => i % 7 == 0 ? 42.0 : Math.Round(random.NextDouble() * 1000, random.Next(0, 6))).ToArray()));

        double[] specials =
        [
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue,
            double.MinValue, 1e-300, 0.1, 1.0 / 3, -123456789.125,
        ];
        var irregular = new List<long>();
        for (var t = StartMs + 1; t <= EndMs; t += random.Next(1, 200_000))
        {
            irregular.Add(t);
        }

        series.Add(new TimeSeries(
            LabelSet.From(("__name__", "rr_gauge"), ("job", "irregular"), ("note", "quote \" backslash \\ ünïcode")),
            [.. irregular],
            irregular.Select((_, i) => i % 5 == 0 ? specials[i / 5 % specials.Length] : (random.NextDouble() - 0.5) * 1e6).ToArray()));

        var counter = 0.0;
        series.Add(new TimeSeries(
            LabelSet.From(("__name__", "rr_counter_total"), ("instance", "10.0.0.1:9100"), ("job", "node")),
            minutes,
            minutes.Select(_ => counter += random.Next(0, 50)).ToArray()));

        // Samples on every sub-range boundary of a 1h split of [StartMs, EndMs], and 1 ms either side of each.
        var edges = new SortedSet<long>();
        for (var t = StartMs; t <= EndMs; t += 3_600_000)
        {
            edges.Add(t);
            edges.Add(t - 1);
            edges.Add(t + 1);
        }

        edges.Add(EndMs);
        edges.RemoveWhere(t => t < StartMs - 1 || t > EndMs);
        series.Add(new TimeSeries(
            LabelSet.From(("__name__", "rr_edges"), ("job", "edges")), [.. edges], edges.Select(t => (double)(t - StartMs)).ToArray()));
        return series;
    }

    private List<TimeSeries> BuildMatcherSeries()
    {
        (string, string)[][] labelSets =
        [
            [("__name__", "mm"), ("job", "api"), ("env", "prod")],
            [("__name__", "mm"), ("job", "api-2"), ("env", "prod")],
            [("__name__", "mm"), ("job", "web")],
            [("__name__", "mm"), ("job", "xapi"), ("env", "dev")],
            [("__name__", "mm"), ("job", "API"), ("env", "prod")],
        ];
        var timestamps = Enumerable.Range(0, 10).Select(i => EndMs - (i * 60_000L)).Reverse().ToArray();
        return labelSets.Select(l => new TimeSeries(LabelSet.From(l), timestamps, timestamps.Select(t => (double)t).ToArray())).ToList();
    }
}

[CollectionDefinition(nameof(PrometheusCollection))]
public sealed class PrometheusCollection : ICollectionFixture<PrometheusFixture>;
