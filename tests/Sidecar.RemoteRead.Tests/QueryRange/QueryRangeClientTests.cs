using System.Net;
using System.Web;
using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests.QueryRange;

/// <summary>The client against a loopback server whose answers the test controls (fault injection).</summary>
public class QueryRangeClientTests
{
    private static QueryRangeClient Client(LoopbackHttpServer server, int maxPoints = 11_000, int retries = 2, long maxBytes = 1 << 20) => new(
        new QueryRangeClientOptions
        {
            Http = new RemoteReadClientOptions
            {
                Url = new Uri(server.BaseAddress, "api/v1/query_range"),
                MaxRetries = retries,
                MinBackoff = TimeSpan.FromMilliseconds(1),
                MaxBackoff = TimeSpan.FromMilliseconds(5),
                MaxResponseBytes = maxBytes,
                MaxConcurrentRequests = 1,
            },
            MaxPointsPerRequest = maxPoints,
        });

    // Answers each request with one point per grid timestamp of its start, end and step: value = seconds.
    private static LoopbackResponse GridAnswer(LoopbackRequest request)
    {
        var form = HttpUtility.ParseQueryString(request.Body);
        var start = decimal.Parse(form["start"]!, System.Globalization.CultureInfo.InvariantCulture);
        var end = decimal.Parse(form["end"]!, System.Globalization.CultureInfo.InvariantCulture);
        var step = decimal.Parse(form["step"]!, System.Globalization.CultureInfo.InvariantCulture);
        var points = new List<string>();
        for (var t = start; t <= end; t += step)
        {
            points.Add($"[{t},\"{t}\"]");
        }

        return new LoopbackResponse(200, "application/json",
            $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"q":"{{{form["query"]}}}"},"values":[{{{string.Join(",", points)}}}]}]}}""");
    }

    [Fact]
    public async Task QueryRange_LongerThanMaxPoints_SplitsOnTheGridAndJoinsEachSeries()
    {
        var requests = new List<string>();
        await using var server = LoopbackHttpServer.Start(r =>
        {
            lock (requests)
            {
                requests.Add(r.Body);
            }

            return GridAnswer(r);
        });
        using var client = Client(server, maxPoints: 4);

        var series = await client.QueryRangeAsync("up", 1_000_000, 1_009_500, 1_500);

        var only = Assert.Single(series);
        Assert.Equal("up", only.Labels.Get("q"));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => 1_000_000L + i * 1_500), only.TimestampsMs);
        Assert.Equal(only.TimestampsMs.Select(t => t / 1000.0), only.Values);
        Assert.Equal(
            ["query=up&start=1000&end=1004.5&step=1.5", "query=up&start=1006&end=1009&step=1.5"],
            requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryRange_EmptyGrid_SendsNothing()
    {
        var calls = 0;
        await using var server = LoopbackHttpServer.Start(r => { Interlocked.Increment(ref calls); return GridAnswer(r); });
        using var client = Client(server);

        Assert.Empty(await client.QueryRangeAsync("up", 2_000, 1_000, 1_000));
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task QueryRange_ServiceUnavailableThenOk_RetriesAndReportsEachAttempt()
    {
        var calls = 0;
        await using var server = LoopbackHttpServer.Start(r => Interlocked.Increment(ref calls) <= 2
            ? new LoopbackResponse(503, "application/json", """{"status":"error","errorType":"unavailable","error":"busy"}""")
            : GridAnswer(r));
        var observer = new RecordingObserver();
        using var client = new QueryRangeClient(new QueryRangeClientOptions
        {
            Http = new RemoteReadClientOptions
            {
                Url = new Uri(server.BaseAddress, "api/v1/query_range"), MinBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5),
            },
        }, observer);

        var series = await client.QueryRangeAsync("up", 0, 2_000, 1_000);

        Assert.Equal(3, Assert.Single(series).Count);
        Assert.Equal([(503, RemoteReadOutcome.HttpError), (503, RemoteReadOutcome.HttpError), (200, RemoteReadOutcome.Success)],
            observer.Reports.Select(r => (r.StatusCode ?? 0, r.Outcome)));
        Assert.Equal(3, observer.Reports[^1].Samples);
    }

    [Fact]
    public async Task QueryRange_BadRequest_FailsAtOnceWithTheServersMessage()
    {
        var calls = 0;
        await using var server = LoopbackHttpServer.Start(_ =>
        {
            Interlocked.Increment(ref calls);
            return new LoopbackResponse(400, "application/json", """{"status":"error","errorType":"bad_data","error":"1:5: parse error"}""");
        });
        using var client = Client(server, retries: 3);

        var e = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.QueryRangeAsync("up{", 0, 1_000, 1_000));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("1:5: parse error", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task QueryRange_BodyOverMaxResponseBytes_FailsWithLimitError()
    {
        await using var server = LoopbackHttpServer.Start(GridAnswer);
        using var client = Client(server, maxBytes: 1024);

        var e = await Assert.ThrowsAsync<RemoteReadLimitException>(() => client.QueryRangeAsync("up", 0, 1_000_000, 1_000));

        Assert.Equal("max_response_bytes", e.LimitName);
    }

    [Fact]
    public async Task QueryRange_ErrorStatusIn200_IsAProtocolError()
    {
        await using var server = LoopbackHttpServer.Start(_ =>
            new LoopbackResponse(200, "application/json", """{"status":"error","errorType":"execution","error":"query timed out"}"""));
        using var client = Client(server);

        var e = await Assert.ThrowsAsync<RemoteReadProtocolException>(() => client.QueryRangeAsync("up", 0, 1_000, 1_000));

        Assert.Contains("execution: query timed out", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_InvalidPointLimit_AreRefused()
    {
        var options = new QueryRangeClientOptions { Http = new RemoteReadClientOptions { Url = new Uri("http://127.0.0.1:1/api/v1/query_range") }, MaxPointsPerRequest = 0 };

        var e = Assert.Throws<ArgumentException>(() => new QueryRangeClient(options));

        Assert.Contains("max_points_per_request: must be at least 1, got 0", e.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingObserver : IRemoteReadObserver
    {
        public List<RemoteReadRequestReport> Reports { get; } = [];

        public void OnRequestCompleted(RemoteReadRequestReport report)
        {
            lock (Reports)
            {
                Reports.Add(report);
            }
        }
    }
}
