using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Tests.Fakes;
using Snappier;

namespace Sidecar.RemoteRead.Tests;

/// <summary>The client against a loopback server that misbehaves on purpose.</summary>
[Collection(nameof(AllocationSensitiveCollection))]
public sealed class RemoteReadClientTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly ReadQuery Query = new(T0, T0 + 3_600_000, [new Matcher(MatchType.Equal, "__name__", "up")]);

    [Fact]
    public async Task ReadAsync_StreamedResponse_SendsProtocolHeadersAndDecodes()
    {
        var series = SeriesOf("up", 61);
        await using var server = new LoopbackServer((_, c) =>
            c.RespondAsync(200, ResponseEncoder.StreamedContentType, ResponseEncoder.StreamedBody([series])));
        var observer = new RecordingObserver();
        using var client = new RemoteReadClient(Options(server) with
        {
            Headers = new Dictionary<string, string> { ["X-Scope-OrgID"] = "tenant-a" },
            Authorization = new AuthorizationOptions { Credentials = "s3cret" },
        }, observer);

        var result = await client.ReadAsync(Query);

        var only = Assert.Single(result);
        Assert.Equal(series.TimestampsMs, only.TimestampsMs);
        Assert.Equal(series.Values, only.Values);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/read", request.Path);
        Assert.Equal("snappy", request.Headers["Content-Encoding"]);
        Assert.Equal("application/x-protobuf", request.Headers["Content-Type"]);
        Assert.Equal("0.1.0", request.Headers["X-Prometheus-Remote-Read-Version"]);
        Assert.StartsWith("Sidecar.RemoteRead/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("tenant-a", request.Headers["X-Scope-OrgID"]);
        Assert.Equal("Bearer s3cret", request.Headers["Authorization"]);

        var sent = ReadRequest.Parser.ParseFrom(Snappy.DecompressToArray(request.Body));
        Assert.Equal([ReadRequest.Types.ResponseType.StreamedXorChunks, ReadRequest.Types.ResponseType.Samples], sent.AcceptedResponseTypes);
        var query = Assert.Single(sent.Queries);
        Assert.Equal(Query.StartMs, query.StartTimestampMs);
        Assert.Equal(Query.EndMs, query.EndTimestampMs);
        var matcher = Assert.Single(query.Matchers);
        Assert.Equal((LabelMatcher.Types.Type.Eq, "__name__", "up"), (matcher.Type, matcher.Name, matcher.Value));

        var report = Assert.Single(observer.Reports);
        Assert.Equal((200, RemoteReadOutcome.Success, 61L, 1, RemoteReadResponseType.StreamedXorChunks),
            (report.StatusCode, report.Outcome, report.Samples, report.Series, report.ResponseType));
        Assert.True(report.ResponseBytes > 0);
    }

    [Fact]
    public async Task ReadAsync_ServerAnswersSamplesThoughStreamedWasPreferred_DecodesByContentType()
    {
        var series = SeriesOf("up", 10);
        await using var server = new LoopbackServer((_, c) =>
            c.RespondAsync(200, ResponseEncoder.SamplesContentType, ResponseEncoder.SamplesBody([series]), SnappyEncoding));
        using var client = new RemoteReadClient(Options(server));

        var only = Assert.Single(await client.ReadAsync(Query));

        Assert.Equal(series.Values, only.Values);
    }

    [Fact]
    public async Task ReadAsync_OnlySamplesAccepted_AsksForSamplesOnly()
    {
        await using var server = new LoopbackServer((_, c) =>
            c.RespondAsync(200, ResponseEncoder.SamplesContentType, ResponseEncoder.SamplesBody([]), SnappyEncoding));
        using var client = new RemoteReadClient(Options(server) with { AcceptedResponseTypes = [RemoteReadResponseType.Samples] });

        Assert.Empty(await client.ReadAsync(Query));

        var sent = ReadRequest.Parser.ParseFrom(Snappy.DecompressToArray(Assert.Single(server.Requests).Body));
        Assert.Equal([ReadRequest.Types.ResponseType.Samples], sent.AcceptedResponseTypes);
    }

    [Fact]
    public async Task ReadAsync_StreamEndsMidFrame_ThrowsProtocolExceptionWithoutRetry()
    {
        var body = ResponseEncoder.StreamedBody([SeriesOf("up", 300)]);
        await using var server = new LoopbackServer(async (_, c) =>
        {
            // No Content-Length: the body ends cleanly when the connection closes, half-way through a frame.
            await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, null);
            await c.WriteAsync(body[..(body.Length / 2)]);
        });
        var observer = new RecordingObserver();
        using var client = new RemoteReadClient(Options(server), observer);

        var e = await Assert.ThrowsAsync<RemoteReadProtocolException>(() => client.ReadAsync(Query));

        Assert.Contains("truncated", e.Message);
        Assert.Single(server.Requests);
        Assert.Equal(RemoteReadOutcome.ProtocolError, Assert.Single(observer.Reports).Outcome);
    }

    [Fact]
    public async Task ReadAsync_BodyShorterThanContentLength_ThrowsConnectionExceptionAfterRetries()
    {
        var body = ResponseEncoder.StreamedBody([SeriesOf("up", 300)]);
        await using var server = new LoopbackServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, body.Length);
            await c.WriteAsync(body[..(body.Length / 2)]);
        });
        using var client = new RemoteReadClient(Options(server) with { MaxRetries = 2 });

        await Assert.ThrowsAsync<RemoteReadConnectionException>(() => client.ReadAsync(Query));

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_BadCrc_ThrowsProtocolException()
    {
        var payloads = ResponseEncoder.StreamedPayloads([SeriesOf("a", 10), SeriesOf("b", 10)]);
        byte[] body = [.. ResponseEncoder.Frame(payloads[0]), .. ResponseEncoder.Frame(payloads[1], crcOverride: 1)];
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(200, ResponseEncoder.StreamedContentType, body));
        using var client = new RemoteReadClient(Options(server));

        var e = await Assert.ThrowsAsync<RemoteReadProtocolException>(() => client.ReadAsync(Query));

        Assert.Contains("CRC-32C mismatch", e.Message);
    }

    [Fact]
    public async Task ReadAsync_OversizedFrame_ThrowsLimitWithoutAllocatingIt()
    {
        // Declares a 2 GiB frame, then streams a little.
        byte[] header = [0x80, 0x80, 0x80, 0x80, 0x08, 0, 0, 0, 0];
        await using var server = new LoopbackServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, null);
            await c.WriteAsync([.. header, .. new byte[4096]]);
        });
        using var client = new RemoteReadClient(Options(server));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = await Assert.ThrowsAsync<RemoteReadLimitException>(() => client.ReadAsync(Query));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal("max_frame_bytes", e.LimitName);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadAsync_SnappyBomb_ThrowsLimitWithoutAllocatingIt()
    {
        // Declares 4 GiB - 1 uncompressed bytes in a 7-byte body.
        byte[] bomb = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00];
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(200, ResponseEncoder.SamplesContentType, bomb, SnappyEncoding));
        using var client = new RemoteReadClient(Options(server));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = await Assert.ThrowsAsync<RemoteReadLimitException>(() => client.ReadAsync(Query));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal("max_response_bytes", e.LimitName);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadAsync_SnappyBombUnderTheCap_ThrowsProtocolExceptionWithoutAllocatingIt()
    {
        // Declares 400 MB (under the default 512 MiB cap) in 7 bytes: more than snappy can ever expand to.
        byte[] bomb = [0x80, 0x88, 0xde, 0xbe, 0x01, 0x00, 0x00];
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(200, ResponseEncoder.SamplesContentType, bomb, SnappyEncoding));
        using var client = new RemoteReadClient(Options(server));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Assert.ThrowsAsync<RemoteReadProtocolException>(() => client.ReadAsync(Query));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("application/json")]
    [InlineData("application/x-streamed-protobuf; proto=prometheus.Other")]
    public async Task ReadAsync_WrongContentType_ThrowsProtocolException(string contentType)
    {
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(200, contentType, "<html>login</html>"u8.ToArray()));
        using var client = new RemoteReadClient(Options(server));

        await Assert.ThrowsAsync<RemoteReadProtocolException>(() => client.ReadAsync(Query));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ReadAsync_429ThenSuccess_RetriesAndSucceeds()
    {
        var series = SeriesOf("up", 5);
        await using var server = new LoopbackServer((r, c) => r.Index == 0
            ? c.RespondAsync(429, "text/plain", "slow down"u8.ToArray(), new Dictionary<string, string> { ["Retry-After"] = "0" })
            : c.RespondAsync(200, ResponseEncoder.StreamedContentType, ResponseEncoder.StreamedBody([series])));
        var observer = new RecordingObserver();
        using var client = new RemoteReadClient(Options(server), observer);

        var only = Assert.Single(await client.ReadAsync(Query));

        Assert.Equal(series.Values, only.Values);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([(429, RemoteReadOutcome.HttpError, 0), (200, RemoteReadOutcome.Success, 1)],
            observer.Reports.Select(r => (r.StatusCode ?? 0, r.Outcome, r.Attempt)));
    }

    [Fact]
    public async Task ReadAsync_500Always_ThrowsHttpExceptionWithStatusAndBoundedExcerptAfterRetries()
    {
        var body = "remote read error: " + new string('x', 10_000);
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(500, "text/plain", System.Text.Encoding.UTF8.GetBytes(body)));
        using var client = new RemoteReadClient(Options(server) with { MaxRetries = 3 });

        var e = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query));

        Assert.Equal(500, e.StatusCode);
        Assert.StartsWith("remote read error: xxx", e.BodyExcerpt, StringComparison.Ordinal);
        Assert.True(e.BodyExcerpt.Length <= 513, $"excerpt of {e.BodyExcerpt.Length} chars");
        Assert.Contains("500", e.Message);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_400_IsNotRetried()
    {
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(400, "text/plain", "bad matcher"u8.ToArray()));
        using var client = new RemoteReadClient(Options(server));

        var e = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query));

        Assert.Equal((400, "bad matcher"), (e.StatusCode, e.BodyExcerpt));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ReadAsync_ConnectionReset_ThrowsConnectionExceptionAfterRetries()
    {
        await using var server = new LoopbackServer((_, c) =>
        {
            c.Reset();
            return Task.CompletedTask;
        });
        var observer = new RecordingObserver();
        using var client = new RemoteReadClient(Options(server) with { MaxRetries = 2 }, observer);

        await Assert.ThrowsAsync<RemoteReadConnectionException>(() => client.ReadAsync(Query));

        Assert.Equal(3, server.Requests.Count);
        Assert.All(observer.Reports, r => Assert.Equal(RemoteReadOutcome.ConnectionError, r.Outcome));
    }

    [Fact]
    public async Task ReadAsync_ResetMidBodyThenSuccess_RetriesFromScratchWithoutDuplicates()
    {
        var series = SeriesOf("up", 500);
        var body = ResponseEncoder.StreamedBody([series], samplesPerChunk: 50, frameBudgetBytes: 100);
        await using var server = new LoopbackServer(async (r, c) =>
        {
            if (r.Index == 0)
            {
                await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, body.Length);
                await c.WriteAsync(body[..(body.Length / 2)]);
                c.Reset();
                return;
            }

            await c.RespondAsync(200, ResponseEncoder.StreamedContentType, body);
        });
        using var client = new RemoteReadClient(Options(server) with { MaxRequestRange = TimeSpan.FromDays(1) });

        var only = Assert.Single(await client.ReadAsync(Query with { EndMs = series.TimestampsMs[^1] }));

        Assert.Equal(series.TimestampsMs, only.TimestampsMs);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_ServerStalls_ThrowsTimeoutException()
    {
        using var release = new CancellationTokenSource();
        await using var server = new LoopbackServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, null);
            await c.WriteAsync(ResponseEncoder.Frame([]));
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var observer = new RecordingObserver();
        using var client = new RemoteReadClient(Options(server) with { RemoteTimeout = TimeSpan.FromMilliseconds(300) }, observer);

        var e = await Assert.ThrowsAsync<RemoteReadTimeoutException>(() => client.ReadAsync(Query));
        await release.CancelAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(300), e.Timeout);
        Assert.Equal(RemoteReadOutcome.Timeout, Assert.Single(observer.Reports).Outcome);
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var release = new CancellationTokenSource();
        await using var server = new LoopbackServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, ResponseEncoder.StreamedContentType, null);
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var client = new RemoteReadClient(Options(server));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadAsync(Query, cancel.Token));
        await release.CancelAsync();
    }

    [Fact]
    public async Task ReadAsync_LongWindow_SplitsIntoContiguousRangesWithBoundedConcurrency()
    {
        // One sample every minute for 10 hours, including both ends; split by 1h with at most 2 in flight.
        var start = T0;
        var end = T0 + (600 * 60_000);
        var all = SeriesOf("up", 601);
        await using var server = new LoopbackServer(async (r, c) =>
        {
            var query = ReadRequest.Parser.ParseFrom(Snappy.DecompressToArray(r.Body)).Queries.Single();
            await Task.Delay(30); // keep requests overlapping so the concurrency bound is exercised
            // Like Prometheus, send whole chunks that reach beyond the sub-range: the client must trim them.
            await c.RespondAsync(200, ResponseEncoder.StreamedContentType, ResponseEncoder.StreamedBody([all]));
            _ = query;
        });
        using var client = new RemoteReadClient(Options(server) with
        {
            MaxRequestRange = TimeSpan.FromHours(1),
            MaxConcurrentRequests = 2,
        });

        var only = Assert.Single(await client.ReadAsync(Query with { StartMs = start, EndMs = end }));

        Assert.Equal(all.TimestampsMs, only.TimestampsMs);
        Assert.Equal(all.Values, only.Values);
        var ranges = server.Requests
            .Select(r => ReadRequest.Parser.ParseFrom(Snappy.DecompressToArray(r.Body)).Queries.Single())
            .Select(q => (q.StartTimestampMs, q.EndTimestampMs))
            .OrderBy(q => q.StartTimestampMs)
            .ToList();
        Assert.Equal(11, ranges.Count);
        Assert.Equal(start, ranges[0].StartTimestampMs);
        Assert.Equal(end, ranges[^1].EndTimestampMs);
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].EndTimestampMs + 1, ranges[i].StartTimestampMs);
        }

        Assert.InRange(server.MaxConcurrentRequests, 1, 2);
    }

    [Fact]
    public async Task ReadAsync_OneSubRangeFails_WholeReadFails()
    {
        await using var server = new LoopbackServer((r, c) =>
        {
            var query = ReadRequest.Parser.ParseFrom(Snappy.DecompressToArray(r.Body)).Queries.Single();
            return query.StartTimestampMs == T0 + 3_600_000
                ? c.RespondAsync(422, "text/plain", "too many samples"u8.ToArray())
                : c.RespondAsync(200, ResponseEncoder.StreamedContentType, ResponseEncoder.StreamedBody([SeriesOf("up", 5)]));
        });
        using var client = new RemoteReadClient(Options(server) with { MaxRequestRange = TimeSpan.FromHours(1) });

        var e = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query with { EndMs = T0 + (3 * 3_600_000) }));

        Assert.Equal(422, e.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_401_MessageNeverContainsTheSecret()
    {
        await using var server = new LoopbackServer((_, c) => c.RespondAsync(401, "text/plain", "Unauthorized"u8.ToArray()));
        var options = Options(server) with { BasicAuth = new BasicAuthOptions { Username = "user", Password = "hunter2-secret" } };
        using var client = new RemoteReadClient(options);

        var e = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query));

        Assert.Equal(401, e.StatusCode);
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String("user:hunter2-secret"u8.ToArray()), server.Requests[0].Headers["Authorization"]);
    }

    private static readonly IReadOnlyDictionary<string, string> SnappyEncoding = new Dictionary<string, string> { ["Content-Encoding"] = "snappy" };

    internal static RemoteReadClientOptions Options(LoopbackServer server) => new()
    {
        Url = server.Url,
        MinBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        RemoteTimeout = TimeSpan.FromSeconds(20),
    };

    internal static TimeSeries SeriesOf(string name, int count)
    {
        var timestamps = Enumerable.Range(0, count).Select(i => T0 + (i * 60_000L)).ToArray();
        return new TimeSeries(LabelSet.From(("__name__", name)), timestamps, timestamps.Select((_, i) => i + 0.25).ToArray());
    }
}

/// <summary>Tests that measure process-wide allocation run alone.</summary>
[CollectionDefinition(nameof(AllocationSensitiveCollection), DisableParallelization = true)]
public sealed class AllocationSensitiveCollection;
