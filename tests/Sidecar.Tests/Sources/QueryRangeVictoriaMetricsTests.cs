using Sidecar.RemoteRead;
using Sidecar.Testing;
using Sidecar.Tests.EndToEnd;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Tests.Sources;

/// <summary>
/// A real VictoriaMetrics, which has no remote read: the sidecar reads it through <c>query_range</c>, exactly on
/// the grid, and <c>sidecar run</c> with a <c>query_range</c> source fits and scores its series.
/// </summary>
public sealed class QueryRangeVictoriaMetricsTests
{
    private const long StepMs = 10_000;

    [Fact]
    public async Task Client_ReadsImportedGauge_ExactlyOnTheGrid_WhileRemoteReadIsRefused()
    {
        var end = StepGridEnd();
        var series = Gauge(end - 3_600_000, end, StepMs, seed: 3, ("__name__", "queue_depth"), ("job", "worker"));
        await using var vm = await VictoriaMetricsServer.StartAsync([series]);

        using var client = new QueryRangeClient(new QueryRangeClientOptions
        {
            Http = new RemoteReadClientOptions { Url = vm.QueryRangeUrl },
            MaxPointsPerRequest = 100,
        });
        var read = await client.QueryRangeAsync("{__name__=\"queue_depth\"}", end - 3_600_000, end, StepMs);

        var only = Assert.Single(read);
        Assert.Equal(series.Labels, only.Labels);
        Assert.Equal(series.TimestampsMs, only.TimestampsMs);
        Assert.Equal(series.Values, only.Values);

        using var remote = new RemoteReadClient(new RemoteReadClientOptions { Url = new Uri(vm.BaseAddress, "api/v1/read"), MaxRetries = 0 });
        var refused = await Assert.ThrowsAsync<RemoteReadHttpException>(() => remote.ReadAsync(
            new ReadQuery(end - 3_600_000, end, [new Matcher(MatchType.Equal, "__name__", "queue_depth")])));
        Assert.Equal(400, refused.StatusCode);
    }

    [Fact]
    public async Task Run_WithQueryRangeSource_ExposesScoresOfVictoriaMetricsSeries()
    {
        var end = StepGridEnd();
        var history = Gauge(end - 4 * 3_600_000L, end, StepMs, seed: 5, ("__name__", "checkout_requests"), ("job", "checkout"));
        var counter = Counter(history);
        await using var vm = await VictoriaMetricsServer.StartAsync([history, counter]);
        using var feeding = new CancellationTokenSource();
        var feeder = FeedAsync(vm, counter.Values[^1], feeding.Token);

        using var directory = new TempDirectory("sidecar-qr-run-");
        var config = directory.Write("sidecar.yml", $$"""
            query_range:
              - name: vm
                url: {{vm.QueryRangeUrl}}
                remote_timeout: 5s
                max_points_per_request: 500
            defaults:
              step: 10s
              fit_window: 3h
              fit_every: 1h
              infer_every: 1s
              min_history: 1h
            selectors:
              - name: checkout
                source: vm
                match: 'checkout_requests{job="checkout"}'
              - name: checkout_rate
                source: vm
                match: 'checkout_total{job="checkout"}'
                function: rate
                range: 1m
                aggregate: sum
                by: [job]
                shaping: store
            """);
        await using var sidecar = SidecarProcess.Start(config, FreePort.Next(), directory.File("state"));
        try
        {
            await sidecar.WaitUntilAsync(
                async () => await sidecar.ValueAsync("anomaly_score", ("selector", "checkout"), ("job", "checkout")) is not null,
                TimeSpan.FromSeconds(120), "anomaly_score of the VictoriaMetrics series");
            await sidecar.WaitUntilAsync(
                async () => await sidecar.ValueAsync("anomaly_score", ("selector", "checkout_rate"), ("job", "checkout")) is not null,
                TimeSpan.FromSeconds(120), "anomaly_score of the rate VictoriaMetrics evaluates (shaping: store)");
            // VictoriaMetrics computed sum by (job) (rate(checkout_total[1m])) of a counter growing ~100 per 10s: ~10/s.
            Assert.InRange((await sidecar.ValueAsync("value", ("selector", "checkout_rate"), ("job", "checkout")))!.Value, 8, 12);
            Assert.Equal(1, await sidecar.ValueAsync("sidecar_remote_read_up", ("source", "vm")));
            Assert.NotNull(await sidecar.ValueAsync("predicted", ("selector", "checkout"), ("job", "checkout")));
            Assert.True(await sidecar.ValueAsync("sidecar_remote_read_responses_total", ("source", "vm"), ("code", "200")) >= 2);
        }
        finally
        {
            await feeding.CancelAsync();
            await feeder;
        }
    }

    private static long StepGridEnd() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs - StepMs;

    private static TimeSeries Gauge(long startMs, long endMs, long stepMs, int seed, params (string, string)[] labels)
    {
        var random = new Random(seed);
        var timestamps = new List<long>();
        var values = new List<double>();
        for (var t = startMs; t <= endMs; t += stepMs)
        {
            timestamps.Add(t);
            values.Add(Math.Round(100 + 4 * (random.NextDouble() - 0.5), 3));
        }

        return new TimeSeries(LabelSet.From(labels), [.. timestamps], [.. values]);
    }

    // A counter that grows by the gauge's value each step.
    private static TimeSeries Counter(TimeSeries gauge)
    {
        var total = 0.0;
        return new TimeSeries(
            LabelSet.From(("__name__", "checkout_total"), ("job", "checkout")), gauge.TimestampsMs, [.. gauge.Values.Select(v => total += v)]);
    }

    // Fresh points every half step, as a scrape would write them, so inference keeps finding a current value.
    private static async Task FeedAsync(VictoriaMetricsServer vm, double total, CancellationToken cancellationToken)
    {
        var random = new Random(9);
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(StepMs / 2), cancellationToken);
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var value = 100 + 4 * (random.NextDouble() - 0.5);
                total += value / 2;
                await vm.ImportAsync(
                [
                    new TimeSeries(LabelSet.From(("__name__", "checkout_requests"), ("job", "checkout")), [now], [value]),
                    new TimeSeries(LabelSet.From(("__name__", "checkout_total"), ("job", "checkout")), [now], [total]),
                ], cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
