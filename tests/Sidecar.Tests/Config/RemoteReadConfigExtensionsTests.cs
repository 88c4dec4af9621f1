using Sidecar.Config;

namespace Sidecar.Tests.Config;

public sealed class RemoteReadConfigExtensionsTests
{
    [Fact]
    public void ToClientOptions_EveryKey_ReachesTheClientOptions()
    {
        var result = ConfigLoader.Load(
            """
            remote_read:
              - name: a
                url: https://prom.example:9090/api/v1/read
                remote_timeout: 30s
                headers: {X-Scope-OrgID: tenant-a}
                basic_auth: {username: u, password: p}
                tls_config: {server_name: prom.internal, insecure_skip_verify: true}
                max_request_range: 2h
                max_concurrent_requests: 2
                max_retries: 1
                min_backoff: 50ms
                max_backoff: 2s
                max_frame_bytes: 1MiB
                max_response_bytes: 64MiB
                max_samples_per_request: 1000
              - name: b
                url: http://127.0.0.1:9090/api/v1/read
                authorization: {type: Bearer, credentials: t}
            """,
            "test.yml");
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));

        var a = result.Config!.FindRemoteRead("a")!.ToClientOptions();
        var b = result.Config.FindRemoteRead("b")!.ToClientOptions();

        Assert.Equal(new Uri("https://prom.example:9090/api/v1/read"), a.Url);
        Assert.Equal(TimeSpan.FromSeconds(30), a.RemoteTimeout);
        Assert.Equal("tenant-a", a.Headers["X-Scope-OrgID"]);
        Assert.Equal(("u", "p"), (a.BasicAuth!.Username, a.BasicAuth.Password));
        Assert.Equal(("prom.internal", true), (a.TlsConfig!.ServerName, a.TlsConfig.InsecureSkipVerify));
        Assert.Equal((TimeSpan.FromHours(2), 2, 1), (a.MaxRequestRange, a.MaxConcurrentRequests, a.MaxRetries));
        Assert.Equal((TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2)), (a.MinBackoff, a.MaxBackoff));
        Assert.Equal((1 << 20, 64L << 20, 1000L), (a.MaxFrameBytes, a.MaxResponseBytes, a.MaxSamplesPerRequest));
        Assert.Equal(("Bearer", "t"), (b.Authorization!.Type, b.Authorization.Credentials));
        Assert.Null(b.BasicAuth);
        Assert.Null(b.TlsConfig);
        Assert.Empty(a.Validate());
    }
}
