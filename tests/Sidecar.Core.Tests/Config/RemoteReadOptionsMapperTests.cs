using Sidecar.RemoteRead;
using Sidecar.Config.Binding;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class RemoteReadOptionsMapperTests
{
    [Fact]
    public void ToClientOptions_EveryKey_Mapped()
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

        var options = config.RemoteReads[0].ToClientOptions();

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
        Assert.Equal(2 << 20, options.MaxFrameBytes);
        Assert.Equal(64L << 20, options.MaxResponseBytes);
        Assert.Equal(1234, options.MaxSamplesPerRequest);
    }

    [Fact]
    public void ToClientOptions_Defaults_EqualClientDefaults()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead);
        var expected = new RemoteReadClientOptions { Url = new Uri("http://127.0.0.1:9090/api/v1/read") };

        var options = config.RemoteReads[0].ToClientOptions();

        Assert.Equal(expected.ToString(), options.ToString());
        Assert.Null(options.TlsConfig);
        Assert.Null(options.BasicAuth);
    }

    [Fact]
    public void ToClientOptions_BearerTokenFile_BecomesAuthorizationWithFile()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + "    bearer_token_file: /run/token\n");

        var options = config.RemoteReads[0].ToClientOptions();

        Assert.Equal(new AuthorizationOptions { Type = "Bearer", CredentialsFile = "/run/token" }, options.Authorization);
        Assert.Empty(options.Validate());
    }
}
