using Sidecar.Config;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class RemoteWriteBinderTests
{
    [Fact]
    public void Bind_EveryKey_SetsTheEntry()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            remote_write:
              - name: mimir
                url: https://mimir.example/api/v1/push
                remote_timeout: 10s
                headers: {X-Scope-OrgID: tenant-a}
                basic_auth: {username: sidecar, password: s3cr3t}
                tls_config: {server_name: mimir}
                max_retries: 5
                min_backoff: 50ms
                max_backoff: 10s
                families: [anomaly_score, value, model_info]
                queue_capacity: 5000
                max_samples_per_send: 500
            exposition:
              families: [anomaly_score]
            """);

        var entry = Assert.Single(config.RemoteWrites);
        var http = entry.Client.Http;
        Assert.Equal("mimir", entry.Name);
        Assert.Equal(new Uri("https://mimir.example/api/v1/push"), http.Url);
        Assert.Equal(TimeSpan.FromSeconds(10), http.RemoteTimeout);
        Assert.Equal("tenant-a", http.Headers["x-scope-orgid"]);
        Assert.Equal("sidecar", http.BasicAuth!.Username);
        Assert.Equal(new TlsOptions { ServerName = "mimir" }, http.TlsConfig);
        Assert.Equal(5, http.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(50), http.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(10), http.MaxBackoff);
        Assert.Equal([OutputFamily.AnomalyScore, OutputFamily.Value, OutputFamily.ModelInfo], entry.Families);
        Assert.Equal(5000, entry.QueueCapacity);
        Assert.Equal(500, entry.MaxSamplesPerSend);
        Assert.DoesNotContain("s3cr3t", entry.ToString(), StringComparison.Ordinal);
        Assert.Equal([OutputFamily.AnomalyScore], config.Exposition.Families);
    }

    [Fact]
    public void Bind_OnlyUrl_SendsScoreAndBand_AndExposesEverything()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + "remote_write:\n  - url: http://127.0.0.1:9090/api/v1/write\n");

        var entry = Assert.Single(config.RemoteWrites);
        Assert.Equal("default", entry.Name);
        Assert.Equal(RemoteWriteConfig.DefaultFamilies, entry.Families);
        Assert.Equal(100_000, entry.QueueCapacity);
        Assert.Equal(2_000, entry.MaxSamplesPerSend);
        Assert.Equal(ExpositionConfig.AllFamilies, config.Exposition.Families);
        Assert.Empty(new SidecarConfig().RemoteWrites);
    }

    [Fact]
    public void Bind_BadEntries_ReportEachProblemAtItsLine()
    {
        var result = ConfigText.Load(ConfigText.RemoteRead + """
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
                families: [anomaly_score, yhat, anomaly_score]
                queue_capacity: 0
                max_frame_bytes: 1MiB
              - url: ftp://receiver
                max_samples_per_send: 200000
            exposition:
              families: []
            """);

        Assert.Equal(
        [
            $"{ConfigText.File}:4:5: remote_write[0]: missing required key \"name\" (needed when there are several remote_write entries)",
            $"{ConfigText.File}:5:31: remote_write[0].families[1]: unknown value \"yhat\"; expected one of: anomaly_score, predicted, predicted_lower, predicted_upper, value, model_info",
            $"{ConfigText.File}:5:37: remote_write[0].families[2]: family \"anomaly_score\" is listed twice",
            $"{ConfigText.File}:6:21: remote_write[0].queue_capacity: must be between 1 and 10000000, got 0",
            $"{ConfigText.File}:7:5: unknown key \"max_frame_bytes\" in remote_write[0]",
            $"{ConfigText.File}:8:5: remote_write[1]: missing required key \"name\" (needed when there are several remote_write entries)",
            $"{ConfigText.File}:8:10: remote_write[1].url: invalid URL \"ftp://receiver\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read",
            $"{ConfigText.File}:9:27: remote_write[1].max_samples_per_send: must be between 1 and 100000, got 200000",
            $"{ConfigText.File}:11:13: exposition.families: must name at least one family",
        ], ConfigText.Lines(result));
    }
}
