using System.Text.Json;

namespace Sidecar.RemoteRead.Tests.Integration;

/// <summary>The client against a real Prometheus (Debian's 2.42) with backfilled data.</summary>
[Collection(nameof(PrometheusCollection))]
public sealed class RemoteReadClientPrometheusTests(PrometheusFixture prometheus)
{
    public static TheoryData<RemoteReadResponseType> Modes => new() { RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadAsync_EveryBackfilledSample_RoundTripsExactly(RemoteReadResponseType mode)
    {
        var observer = new Fakes.RecordingObserver();
        using var client = Client(mode, observer);

        var result = await client.ReadAsync(Query(prometheus.StartMs, prometheus.EndMs, new Matcher(MatchType.RegexMatch, "__name__", "rr_.*")));

        var expected = prometheus.RoundTripSeries
            .Select(s => Trim(s, prometheus.StartMs, prometheus.EndMs))
            .OrderBy(s => s.Labels, Comparer<LabelSet>.Create(Sidecar.RemoteRead.Protocol.SeriesAssembler.CompareLabels))
            .ToList();
        AssertSameSeries(expected, result, negativeZeroKept: mode == RemoteReadResponseType.StreamedXorChunks);
        Assert.All(observer.Reports, r => Assert.Equal(mode, r.ResponseType));
        Assert.Equal(expected.Sum(s => s.Count), observer.Reports.Sum(r => r.Samples));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadAsync_SplitIntoHourlyRequests_EqualsOneRequestWithBoundarySamplesOnce(RemoteReadResponseType mode)
    {
        using var whole = Client(mode);
        using var split = Client(mode, null, TimeSpan.FromHours(1), maxConcurrent: 3);
        var query = Query(prometheus.StartMs, prometheus.EndMs, new Matcher(MatchType.RegexMatch, "__name__", "rr_.*"));

        var expected = await whole.ReadAsync(query);
        var actual = await split.ReadAsync(query);

        AssertSameSeries(expected, actual);
        var edges = actual.Single(s => s.Labels.Name == "rr_edges");
        var onBoundaries = Enumerable.Range(0, 7).Select(h => prometheus.StartMs + (h * 3_600_000L)).ToList();
        Assert.All(onBoundaries, t => Assert.Equal(1, edges.TimestampsMs.Count(x => x == t)));
        Assert.DoesNotContain(prometheus.StartMs - 1, edges.TimestampsMs);
        Assert.Equal(prometheus.EndMs, edges.TimestampsMs[^1]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadAsync_WindowInsideChunks_ReturnsOnlyThatWindow(RemoteReadResponseType mode)
    {
        // 17 minutes in the middle of a 120-sample chunk: the streamed mode receives whole chunks and must trim.
        using var client = Client(mode);
        var from = prometheus.StartMs + (33 * 60_000) + 1;
        var to = prometheus.StartMs + (50 * 60_000);

        var result = await client.ReadAsync(Query(from, to, new Matcher(MatchType.Equal, "job", "regular")));

        var only = Assert.Single(result);
        Assert.Equal(Enumerable.Range(34, 17).Select(i => prometheus.StartMs + (i * 60_000L)), only.TimestampsMs);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadAsync_NothingMatches_ReturnsEmpty(RemoteReadResponseType mode)
    {
        using var client = Client(mode);

        Assert.Empty(await client.ReadAsync(Query(prometheus.StartMs, prometheus.EndMs, new Matcher(MatchType.Equal, "__name__", "absent_metric"))));
    }

    [Theory]
    [InlineData("job", MatchType.Equal, "api", "api")]
    [InlineData("job", MatchType.RegexMatch, "api", "api")] // anchored: not api-2, not xapi
    [InlineData("job", MatchType.RegexMatch, "api.*", "api,api-2")]
    [InlineData("job", MatchType.RegexMatch, ".*api", "api,xapi")]
    [InlineData("job", MatchType.RegexMatch, "(?i)api", "API,api")]
    [InlineData("job", MatchType.RegexNoMatch, "api.*", "API,web,xapi")]
    [InlineData("job", MatchType.NotEqual, "api", "API,api-2,web,xapi")]
    [InlineData("env", MatchType.Equal, "", "web")] // an absent label equals the empty string
    [InlineData("env", MatchType.NotEqual, "", "API,api,api-2,xapi")]
    [InlineData("env", MatchType.RegexMatch, ".*", "API,api,api-2,web,xapi")]
    [InlineData("env", MatchType.RegexMatch, ".+", "API,api,api-2,xapi")]
    [InlineData("env", MatchType.RegexNoMatch, "prod", "web,xapi")]
    [InlineData("env", MatchType.RegexMatch, "prod|", "API,api,api-2,web")]
    [InlineData("absent", MatchType.Equal, "", "API,api,api-2,web,xapi")]
    [InlineData("absent", MatchType.NotEqual, "", "")]
    public async Task ReadAsync_Matcher_SelectsWhatPrometheusSelects(string label, MatchType type, string value, string expectedJobs)
    {
        using var client = Client(RemoteReadResponseType.StreamedXorChunks);
        var matcher = new Matcher(type, label, value);

        var result = await client.ReadAsync(Query(prometheus.StartMs, prometheus.EndMs, new Matcher(MatchType.Equal, "__name__", "mm"), matcher));

        var jobs = string.Join(",", result.Select(s => s.Labels.Get("job")).Order(StringComparer.Ordinal));
        Assert.Equal(expectedJobs, jobs);
        Assert.Equal(await SeriesApiJobsAsync(label, type, value), jobs);
    }

    private static TimeSeries Trim(TimeSeries s, long from, long to)
    {
        var keep = Enumerable.Range(0, s.Count).Where(i => s.TimestampsMs[i] >= from && s.TimestampsMs[i] <= to).ToList();
        return new TimeSeries(s.Labels, keep.Select(i => s.TimestampsMs[i]).ToArray(), keep.Select(i => s.Values[i]).ToArray());
    }

    /// <param name="negativeZeroKept">
    /// False for SAMPLES: Prometheus's proto3 encoder omits a double field equal to zero, and -0.0 == 0, so a
    /// -0.0 sample reaches every SAMPLES client as 0.0. XOR chunks keep the bits.
    /// </param>
    private static void AssertSameSeries(IReadOnlyList<TimeSeries> expected, IReadOnlyList<TimeSeries> actual, bool negativeZeroKept = true)
    {
        ulong Bits(double value) => double.IsNaN(value) ? 0x7ff8000000000001
            : !negativeZeroKept && value == 0 ? 0 : BitConverter.DoubleToUInt64Bits(value);

        Assert.Equal(expected.Select(s => s.Labels.ToString()), actual.Select(s => s.Labels.ToString()));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].TimestampsMs, actual[i].TimestampsMs);
            // Bit-exact, -0.0 included; a NaN's payload is not kept through OpenMetrics text (Prometheus parses
            // "NaN" to its own NaN), so any NaN matches any NaN.
            Assert.Equal(expected[i].Values.Select(Bits), actual[i].Values.Select(Bits));
        }
    }

    private static ReadQuery Query(long from, long to, params Matcher[] matchers) => new(from, to, matchers);

    private RemoteReadClient Client(
        RemoteReadResponseType mode, IRemoteReadObserver? observer = null, TimeSpan? maxRange = null, int maxConcurrent = 4) =>
        new(new RemoteReadClientOptions
        {
            Url = prometheus.Server.RemoteReadUrl,
            AcceptedResponseTypes = mode == RemoteReadResponseType.Samples
                ? [RemoteReadResponseType.Samples]
                : [RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples],
            MaxRequestRange = maxRange ?? TimeSpan.FromDays(1),
            MaxConcurrentRequests = maxConcurrent,
        }, observer);

    /// <summary>The jobs Prometheus's own series API selects for the same matchers.</summary>
    private async Task<string> SeriesApiJobsAsync(string label, MatchType type, string value)
    {
        var op = type switch
        {
            MatchType.Equal => "=",
            MatchType.NotEqual => "!=",
            MatchType.RegexMatch => "=~",
            _ => "!~",
        };
        var selector = $"{{__name__=\"mm\",{label}{op}{JsonSerializer.Serialize(value)}}}";
        var start = prometheus.StartMs / 1000;
        var end = (prometheus.EndMs / 1000) + 1;
        using var doc = await prometheus.Server.GetJsonAsync($"api/v1/series?match[]={Uri.EscapeDataString(selector)}&start={start}&end={end}");
        return string.Join(",", doc.RootElement.GetProperty("data").EnumerateArray()
            .Select(s => s.TryGetProperty("job", out var job) ? job.GetString() : "")
            .Order(StringComparer.Ordinal));
    }
}
