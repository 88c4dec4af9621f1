using System.Text;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests.Alertmanager;

/// <summary>The silences client against a loopback server playing Alertmanager, and its faults.</summary>
public sealed class SilencesClientTests
{
    private const string Silences = """
        [{"id":"s1","status":{"state":"active"},"updatedAt":"2025-03-01T12:00:00.000Z","comment":"sidecar:exclude INC-42",
          "createdBy":"alice","startsAt":"2025-03-01T12:00:00.000Z","endsAt":"2025-03-01T14:00:00.000Z","extra":{"ignored":true},
          "matchers":[{"name":"alertname","value":"AnomalyDetected","isRegex":false,"isEqual":true},
                      {"name":"code","value":"5..","isRegex":true,"isEqual":false},{"name":"route","value":"/a","isRegex":false}]}]
        """;

    private const string Alerts = """
        [{"labels":{"alertname":"AnomalyDetected"},"startsAt":"2025-03-01T11:20:00Z","status":{"state":"suppressed","silencedBy":["s1"]}},
         {"labels":{"alertname":"AnomalyDetected"},"startsAt":"2025-03-01T11:10:00Z","status":{"state":"suppressed","silencedBy":["s1","s2"]}},
         {"labels":{"alertname":"AnomalyDetected"},"startsAt":"2025-03-01T09:00:00Z","status":{"state":"active","silencedBy":[]}}]
        """;

    private static SilencesClient Client(LoopbackHttpServer server, long maxBytes = 1 << 20) => new(new RemoteReadClientOptions
    {
        Url = new Uri(server.BaseAddress, "api/v2/silences"),
        MaxResponseBytes = maxBytes,
        MaxRetries = 0,
        RemoteTimeout = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task ListAsync_AndSilencedSince_ReadWhatAlertmanagerAnswers()
    {
        var paths = new List<string>();
        await using var server = LoopbackHttpServer.Start(request =>
        {
            lock (paths)
            {
                paths.Add(request.Path);
            }

            return new LoopbackResponse(200, "application/json", request.Path.StartsWith("/api/v2/alerts", StringComparison.Ordinal) ? Alerts : Silences);
        });
        using var client = Client(server);

        var silence = Assert.Single(await client.ListAsync());
        var since = await client.SilencedSinceAsync("AnomalyDetected");

        Assert.Equal("s1", silence.Id);
        Assert.Equal("active", silence.State);
        Assert.Equal("alice", silence.CreatedBy);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.Zero), silence.EndsAt);
        Assert.Equal(
            [new SilenceMatcher("alertname", "AnomalyDetected", false, true), new SilenceMatcher("code", "5..", true, false), new SilenceMatcher("route", "/a", false, true)],
            silence.Matchers);
        Assert.Equal(MatchType.RegexNoMatch, silence.Matchers[1].ToMatcher().Type);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 11, 10, 0, TimeSpan.Zero), since["s1"]);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 11, 10, 0, TimeSpan.Zero), since["s2"]);
        Assert.Equal(2, since.Count);
        Assert.Equal(["/api/v2/silences", "/api/v2/alerts"], paths);
    }

    [Theory]
    [InlineData(200, "{\"not\":\"a list\"}", typeof(RemoteReadProtocolException), "silences: expected a JSON array, got Object")]
    [InlineData(200, "[{\"id\":\"x\"", typeof(RemoteReadProtocolException), "silences: invalid JSON")]
    [InlineData(200, "[{\"id\":\"x\",\"matchers\":[],\"startsAt\":\"soon\",\"endsAt\":\"2025-03-01T14:00:00Z\"}]", typeof(RemoteReadProtocolException), "silences[0]: \"startsAt\" is not an RFC 3339 time")]
    [InlineData(503, "overloaded", typeof(RemoteReadHttpException), "returned 503")]
    public async Task ListAsync_BadAnswer_FailsWithWhatWasWrong(int status, string body, Type type, string message)
    {
        await using var server = LoopbackHttpServer.Start(_ => new LoopbackResponse(status, "application/json", body));
        using var client = Client(server);

        var e = await Assert.ThrowsAnyAsync<RemoteReadException>(() => client.ListAsync());

        Assert.IsType(type, e);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_BodyOverMaxResponseBytes_IsRefused()
    {
        var big = "[" + string.Join(",", Enumerable.Repeat(Silences.Trim()[1..^1], 200)) + "]";
        await using var server = LoopbackHttpServer.Start(_ => new LoopbackResponse(200, "application/json", big));
        using var client = Client(server, maxBytes: 64 * 1024);

        Assert.True(Encoding.UTF8.GetByteCount(big) > 64 * 1024);
        await Assert.ThrowsAsync<RemoteReadLimitException>(() => client.ListAsync());
    }
}
