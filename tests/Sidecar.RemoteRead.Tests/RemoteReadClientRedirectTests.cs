using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.RemoteRead.Tests;

/// <summary>
/// Redirects as Prometheus's client should treat them: headers such as <c>X-Scope-OrgID</c> and credentials go only
/// to the configured origin; a same-origin 307 or 308 is followed with them.
/// </summary>
public sealed class RemoteReadClientRedirectTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly ReadQuery Query = new(T0, T0 + 3_600_000, [new Matcher(MatchType.Equal, "__name__", "up")]);

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task ReadAsync_RedirectToAnotherPort_SendsNothingThereAndFailsNamingTheOrigin(int status)
    {
        await using var other = new LoopbackServer((_, c) =>
            c.RespondAsync(200, ResponseEncoder.StreamedContentType, ResponseEncoder.StreamedBody([RemoteReadClientTests.SeriesOf("up", 5)])));
        await using var server = new LoopbackServer((_, c) =>
            c.RespondAsync(status, "text/plain", [], new Dictionary<string, string> { ["Location"] = other.Url.ToString() }));
        using var client = new RemoteReadClient(WithSecrets(server));

        var error = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query));

        Assert.Empty(other.Requests);
        Assert.Single(server.Requests);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains($"another origin http://127.0.0.1:{other.Url.Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task ReadAsync_SameOrigin307Or308_IsFollowedWithHeadersAndCredentials(int status)
    {
        await using var server = new LoopbackServer((r, c) => r.Path == "/api/v1/read"
            ? c.RespondAsync(status, "text/plain", [], new Dictionary<string, string> { ["Location"] = "/prometheus/api/v1/read" })
            : c.RespondAsync(200, ResponseEncoder.StreamedContentType, ResponseEncoder.StreamedBody([RemoteReadClientTests.SeriesOf("up", 5)])));
        using var client = new RemoteReadClient(WithSecrets(server));

        var only = Assert.Single(await client.ReadAsync(Query));

        Assert.Equal(5, only.TimestampsMs.Length);
        Assert.Equal(["/api/v1/read", "/prometheus/api/v1/read"], server.Requests.Select(r => r.Path));
        var followed = server.Requests[1];
        Assert.Equal("POST", followed.Method);
        Assert.Equal("tenant-a", followed.Headers["X-Scope-OrgID"]);
        Assert.Equal("Bearer s3cret", followed.Headers["Authorization"]);
        Assert.Equal(server.Requests[0].Body, followed.Body);
    }

    [Fact]
    public async Task ReadAsync_RedirectLoop_FailsAfterTenRedirects()
    {
        await using var server = new LoopbackServer((_, c) =>
            c.RespondAsync(307, "text/plain", [], new Dictionary<string, string> { ["Location"] = "/api/v1/read" }));
        using var client = new RemoteReadClient(WithSecrets(server));

        var error = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(Query));

        Assert.Contains("more than 10 redirects", error.Message, StringComparison.Ordinal);
        Assert.Equal(11, server.Requests.Count);
    }

    private static RemoteReadClientOptions WithSecrets(LoopbackServer server) => RemoteReadClientTests.Options(server) with
    {
        Headers = new Dictionary<string, string> { ["X-Scope-OrgID"] = "tenant-a" },
        Authorization = new AuthorizationOptions { Credentials = "s3cret" },
    };
}
