using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class RemoteReadBinderTests
{
    [Fact]
    public void Bind_EveryKey_SetsTheClientOption()
    {
        var config = ConfigText.Valid("""
            remote_read:
              - name: mimir
                url: https://mimir.example/prometheus/api/v1/read
                remote_timeout: 30s
                headers: {X-Scope-OrgID: tenant-a}
                basic_auth: {username: u, password: p}
                tls_config: {server_name: mimir, insecure_skip_verify: true}
                max_request_range: 6h
                max_concurrent_requests: 2
                max_retries: 7
                min_backoff: 20ms
                max_backoff: 2s
                max_frame_bytes: 2MiB
                max_response_bytes: 64MiB
                max_samples_per_request: 1234
            """);

        var remote = config.RemoteReads[0];
        var options = remote.Client;

        Assert.Equal("mimir", remote.Name);
        Assert.Empty(options.Validate());
        Assert.Equal(new Uri("https://mimir.example/prometheus/api/v1/read"), options.Url);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RemoteTimeout);
        Assert.Equal("tenant-a", options.Headers["x-scope-orgid"]);
        Assert.Equal(new BasicAuthOptions { Username = "u", Password = "p" }, options.BasicAuth);
        Assert.Null(options.Authorization);
        Assert.Equal(new TlsOptions { ServerName = "mimir", InsecureSkipVerify = true }, options.TlsConfig);
        Assert.Equal(TimeSpan.FromHours(6), options.MaxRequestRange);
        Assert.Equal(2, options.MaxConcurrentRequests);
        Assert.Equal(7, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxBackoff);
        Assert.Equal(2L << 20, options.MaxFrameBytes);
        Assert.Equal(64L << 20, options.MaxResponseBytes);
        Assert.Equal(1234, options.MaxSamplesPerRequest);
    }

    [Fact]
    public void Bind_OnlyUrl_HasTheClientDefaults()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead);
        var expected = new RemoteReadClientOptions { Url = new Uri("http://127.0.0.1:9090/api/v1/read") };

        var remote = Assert.Single(config.RemoteReads);

        Assert.Equal("default", remote.Name);
        Assert.Equal(expected.ToString(), remote.Client.ToString());
        Assert.Equal(expected.RemoteTimeout, remote.Client.RemoteTimeout);
        Assert.Equal(expected.MaxFrameBytes, remote.Client.MaxFrameBytes);
        Assert.Empty(remote.Client.Headers);
        Assert.Null(remote.Client.TlsConfig);
        Assert.Null(remote.Client.BasicAuth);
        Assert.Null(remote.Client.Authorization);
    }

    [Fact]
    public void Bind_EmptyTlsConfig_LeavesTheSystemDefaults()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + "    tls_config: {insecure_skip_verify: false}\n");

        Assert.Null(config.RemoteReads[0].Client.TlsConfig);
    }

    [Fact]
    public void Bind_BearerTokenFile_SetsTheClientOption()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + "    bearer_token_file: /run/token\n");

        var options = config.RemoteReads[0].Client;

        Assert.Equal("/run/token", options.BearerTokenFile);
        Assert.Null(options.Authorization);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Bind_Secrets_NeverPrinted()
    {
        var config = ConfigText.Valid("""
            remote_read:
              - name: a
                url: http://h/api/v1/read
                headers: {X-Api-Key: headersecret}
                basic_auth: {username: u, password: hunter2}
              - name: b
                url: http://h/api/v1/read
                authorization: {credentials: tok3n}
            """);

        var text = string.Join("\n", config.RemoteReads) + config;

        Assert.Equal("hunter2", config.RemoteReads[0].Client.BasicAuth!.Password);
        Assert.Equal("tok3n", config.RemoteReads[1].Client.Authorization!.Credentials);
        foreach (var secret in new[] { "hunter2", "tok3n", "headersecret" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("<secret>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ClientRuleWhereKeyFailedToRead_NotReportedAgain()
    {
        var result = ConfigText.Load(ConfigText.RemoteRead + "    basic_auth: {username: ''}\n    min_backoff: soon\n    max_backoff: 50ms\n");

        Assert.Equal(
        [
            $"{ConfigText.File}:3:28: remote_read[0].basic_auth.username: must not be empty",
            $"{ConfigText.File}:4:18: remote_read[0].min_backoff: invalid duration \"soon\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)",
        ], ConfigText.Lines(result));
    }
}
