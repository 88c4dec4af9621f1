using Sidecar.Config;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class AlertmanagerBinderTests
{
    [Fact]
    public void Bind_EveryKey_SetsTheOption()
    {
        var config = ConfigText.Valid("""
            alertmanager:
              url: https://alertmanager.example/api/v2/silences
              poll_interval: 15s
              ignore_labels: [cluster, prometheus]
              remote_timeout: 5s
              headers: {X-Scope-OrgID: tenant-a}
              basic_auth: {username: sidecar, password: s3cr3t}
              tls_config: {server_name: am}
              max_retries: 1
              min_backoff: 20ms
              max_backoff: 2s
              max_response_bytes: 1MiB
            """);

        var am = config.Alertmanager!;
        Assert.Equal(new Uri("https://alertmanager.example/api/v2/silences"), am.Client.Url);
        Assert.Equal(TimeSpan.FromSeconds(15), am.PollInterval);
        Assert.Equal(["cluster", "prometheus"], am.IgnoreLabels);
        Assert.Equal(TimeSpan.FromSeconds(5), am.Client.RemoteTimeout);
        Assert.Equal("tenant-a", am.Client.Headers["x-scope-orgid"]);
        Assert.Equal("sidecar", am.Client.BasicAuth!.Username);
        Assert.Equal(new TlsOptions { ServerName = "am" }, am.Client.TlsConfig);
        Assert.Equal(1, am.Client.MaxRetries);
        Assert.Equal(1L << 20, am.Client.MaxResponseBytes);
        Assert.DoesNotContain("s3cr3t", am.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OnlyUrl_HasTheDefaults()
    {
        var am = ConfigText.Valid("alertmanager:\n  url: http://127.0.0.1:9093/api/v2/silences\n").Alertmanager!;

        Assert.Equal(AlertmanagerConfig.DefaultPollInterval, am.PollInterval);
        Assert.Equal(AlertmanagerConfig.DefaultTimeout, am.Client.RemoteTimeout);
        Assert.Equal(AlertmanagerConfig.DefaultMaxResponseBytes, am.Client.MaxResponseBytes);
        Assert.Empty(am.IgnoreLabels);
    }

    [Fact]
    public void Bind_Absent_IsNull()
    {
        Assert.Null(ConfigText.Valid("output_naming: default\n").Alertmanager);
    }

    [Theory]
    [InlineData("alertmanager:\n  url: http://127.0.0.1:9093/api/v2/silences\n  poll_interval: 500ms\n", "test.yml:3:18: alertmanager.poll_interval: must be between 1s and 1h, got 500ms")]
    [InlineData("alertmanager:\n  url: http://127.0.0.1:9093/api/v2/silences\n  poll_interval: 2h\n", "test.yml:3:18: alertmanager.poll_interval: must be between 1s and 1h, got 2h")]
    [InlineData("alertmanager:\n  url: http://127.0.0.1:9093/api/v2/silences\n  max_frame_bytes: 1MiB\n", "unknown key \"max_frame_bytes\" in alertmanager")]
    [InlineData("alertmanager:\n  poll_interval: 1m\n", "alertmanager: missing required key \"url\"")]
    [InlineData("alertmanager:\n  url: ftp://am/api/v2/silences\n", "test.yml:2:8: alertmanager.url: invalid URL")]
    [InlineData("alertmanager:\n  url: http://am/api/v2/silences\n  ignore_labels: [\"0bad\"]\n", "test.yml:3:19: alertmanager.ignore_labels")]
    public void Bind_BadValue_IsAnErrorAtItsLine(string yaml, string expected)
    {
        var result = ConfigText.Load(yaml);

        Assert.False(result.IsValid);
        Assert.Contains(ConfigText.Lines(result), line => line.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_UrlWithoutPath_Warns()
    {
        var result = ConfigText.Load("alertmanager:\n  url: http://127.0.0.1:9093\n");

        Assert.True(result.IsValid);
        Assert.Contains(ConfigText.Lines(result), line => line.Contains("Alertmanager serves silences at /api/v2/silences", StringComparison.Ordinal));
    }
}
