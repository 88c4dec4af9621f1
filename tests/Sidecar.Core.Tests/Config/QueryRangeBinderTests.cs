using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class QueryRangeBinderTests
{
    private const string QueryRange = "query_range:\n  - url: http://127.0.0.1:8428/api/v1/query_range\n";

    [Fact]
    public void Bind_EveryKey_SetsTheClientOption()
    {
        var config = ConfigText.Valid("""
            query_range:
              - name: mimir
                url: https://mimir.example/prometheus/api/v1/query_range
                remote_timeout: 30s
                headers: {X-Scope-OrgID: tenant-a}
                authorization: {credentials: s3cr3t}
                tls_config: {server_name: mimir}
                max_concurrent_requests: 2
                max_retries: 7
                min_backoff: 20ms
                max_backoff: 2s
                max_response_bytes: 64MiB
                max_samples_per_request: 1234
                max_points_per_request: 500
            """);

        var source = Assert.Single(config.QueryRanges);
        var http = source.Client.Http;

        Assert.Equal("mimir", source.Name);
        Assert.Same(source, config.FindQueryRange("mimir"));
        Assert.Empty(source.Client.Validate());
        Assert.Equal(new Uri("https://mimir.example/prometheus/api/v1/query_range"), http.Url);
        Assert.Equal(TimeSpan.FromSeconds(30), http.RemoteTimeout);
        Assert.Equal("tenant-a", http.Headers["x-scope-orgid"]);
        Assert.Equal(new AuthorizationOptions { Credentials = "s3cr3t" }, http.Authorization);
        Assert.Equal(new TlsOptions { ServerName = "mimir" }, http.TlsConfig);
        Assert.Equal(2, http.MaxConcurrentRequests);
        Assert.Equal(7, http.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(20), http.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(2), http.MaxBackoff);
        Assert.Equal(64L << 20, http.MaxResponseBytes);
        Assert.Equal(1234, http.MaxSamplesPerRequest);
        Assert.Equal(500, source.Client.MaxPointsPerRequest);
        Assert.DoesNotContain("s3cr3t", source.Client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OnlyUrl_HasPrometheusPointLimitAndIsTheDefaultSource()
    {
        var config = ConfigText.Valid(QueryRange + "selectors:\n  - name: q\n    match: queue_depth\n");

        var source = Assert.Single(config.QueryRanges);
        Assert.Equal("default", source.Name);
        Assert.Equal(11_000, source.Client.MaxPointsPerRequest);
        Assert.Empty(config.RemoteReads);
        var selector = Assert.Single(config.Selectors);
        Assert.Equal("default", selector.Source);
        Assert.Equal(SeriesInput.GridPoints, selector.Shaping.Input);
    }

    [Fact]
    public void Bind_ShapingStore_ReadsShapedSeries_AndRemoteReadStaysRaw()
    {
        var config = ConfigText.Valid("""
            remote_read:
              - name: prom
                url: http://127.0.0.1:9090/api/v1/read
            query_range:
              - name: vm
                url: http://127.0.0.1:8428/api/v1/query_range
            selectors:
              - {name: a, source: vm, match: x_total, function: rate, range: 5m, aggregate: sum, by: [job], shaping: store}
              - {name: b, source: prom, match: x_total, function: rate, range: 5m, shaping: sidecar}
            """);

        Assert.Equal(SeriesInput.Shaped, config.FindSelector("a")!.Shaping.Input);
        Assert.Equal(RangeFunction.Rate, config.FindSelector("a")!.Shaping.Function);
        Assert.Equal(SeriesInput.RawSamples, config.FindSelector("b")!.Shaping.Input);
    }

    [Fact]
    public void Bind_Problems_ReportedAtTheirKeys()
    {
        var result = ConfigText.Load("""
            remote_read:
              - name: prom
                url: http://127.0.0.1:9090/api/v1/read
            query_range:
              - name: prom
                url: http://127.0.0.1:8428
                max_frame_bytes: 1MiB
                max_points_per_request: 0
            """);

        Assert.Equal(
        [
            $"{ConfigText.File}:5:11: query_range[0].name: \"prom\" is already a remote_read source; source names must be unique",
            $"{ConfigText.File}:6:10: warning: query_range[0].url: the URL has no path; Prometheus and VictoriaMetrics serve it at /api/v1/query_range",
            $"{ConfigText.File}:7:5: unknown key \"max_frame_bytes\" in query_range[0]",
            $"{ConfigText.File}:8:29: query_range[0].max_points_per_request: must be at least 1, got 0",
        ], ConfigText.Lines(result));
    }

    [Fact]
    public void Bind_ShapingStoreOnRemoteRead_OrUnknownValue_IsAnError()
    {
        var result = ConfigText.Load(ConfigText.RemoteRead + """
            selectors:
              - {name: a, match: x, shaping: store}
              - {name: b, match: x, shaping: elsewhere}
            """);

        Assert.Equal(
        [
            $"{ConfigText.File}:4:34: selectors[0].shaping: store needs a query_range source (remote read returns raw samples, which the sidecar shapes)",
            $"{ConfigText.File}:5:34: selectors[1].shaping: unknown value \"elsewhere\" (expected sidecar or store)",
        ], ConfigText.Lines(result));
    }

    [Fact]
    public void Bind_StoreShapingWithDropLabels_IsAnError_AndSidecarRateAWarning()
    {
        var result = ConfigText.Load(QueryRange + """
            selectors:
              - {name: a, match: x_total, function: rate, range: 5m, drop_labels: [pod], shaping: store}
              - {name: b, match: x_total, function: rate, range: 5m}
            """);

        Assert.Equal(
        [
            $"{ConfigText.File}:4:58: selectors[0].drop_labels: has no PromQL equivalent, so it cannot be used with shaping: store",
            $"{ConfigText.File}:5:41: warning: selectors[1].function: a query_range source returns points on the step grid, not raw samples, so rate runs over step-spaced points and differs from PromQL; set shaping: store to let the store evaluate it",
        ], ConfigText.Lines(result));
    }

    [Fact]
    public void Bind_SeveralSourcesOneUnnamed_NeedsNames()
    {
        var result = ConfigText.Load(ConfigText.RemoteRead + QueryRange);

        Assert.Contains(ConfigText.Lines(result), l => l.Contains("query_range[0]: missing required key \"name\"", StringComparison.Ordinal));
    }
}
