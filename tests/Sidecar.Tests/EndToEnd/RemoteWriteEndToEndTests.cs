using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// <c>sidecar run</c> writing its outputs to a real Prometheus started with <c>--web.enable-remote-write-receiver</c>
/// (the same one it reads from): the series the receiver stores equal the sidecar's <c>/metrics</c> values for the
/// same step, with the gauges' labels and <c>replica</c>; a family sent but not exposed (<c>exposition.families</c>)
/// reaches the receiver and is absent from <c>/metrics</c>.
/// </summary>
public sealed class RemoteWriteEndToEndTests
{
    private const long StepMs = 10_000;
    private static readonly string[] Exposed = ["anomaly_score", "predicted", "predicted_lower", "predicted_upper"];

    [Fact]
    public async Task Run_WithRemoteWrite_ReceiverHoldsTheStepsOfMetrics_AndOnlyChosenFamiliesAreExposed()
    {
        // The history ends a minute ago: Prometheus refuses remote-written samples older than its newest block.
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs - 60_000;
        var history = Gauge(end - 3 * 3_600_000L, end, seed: 7, ("__name__", "checkout_requests"), ("job", "checkout"));
        await using var prometheus = await PrometheusServer.StartAsync([history], new PrometheusServerOptions { EnableRemoteWriteReceiver = true });
        using var directory = new TempDirectory("sidecar-rw-run-");
        var config = directory.Write("sidecar.yml", $$"""
            remote_read:
              - url: {{prometheus.RemoteReadUrl}}
            remote_write:
              - name: prom
                url: {{prometheus.RemoteWriteUrl}}
                remote_timeout: 5s
                families: [anomaly_score, predicted, predicted_lower, predicted_upper, value]
            exposition:
              families: [anomaly_score, predicted, predicted_lower, predicted_upper]
            defaults:
              step: 10s
              fit_window: 3h
              fit_every: 1h
              infer_every: 1s
              min_history: 1h
            selectors:
              - name: checkout
                match: 'checkout_requests{job="checkout"}'
            """);
        await using var sidecar = SidecarProcess.Start(config, FreePort.Next(), directory.File("state"), "--shard.replica=r1");
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("sidecar_remote_write_samples_sent_total", ("remote_write", "prom")) >= 10,
            TimeSpan.FromSeconds(120), "samples accepted by the receiver");

        // /metrics moves on a step every 10 s: compare when a scrape before and after the query agree.
        string? difference = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var before = Outputs(await sidecar.MetricsAsync());
            var stored = await prometheus.QueryAsync(
                "{selector=\"checkout\",__name__=~\"anomaly_score|predicted|predicted_lower|predicted_upper|value\"}[1m]",
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var after = Outputs(await sidecar.MetricsAsync());
            difference = Compare(before, after, stored);
            if (difference is null)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(difference is null, $"{difference}\nsidecar log:\n{sidecar.Log}");
        var text = await sidecar.MetricsTextAsync();
        Assert.DoesNotContain("\nvalue{", text);
        Assert.DoesNotContain("\nsidecar_series_model_info{", text);
        Assert.Equal(0, await sidecar.ValueAsync("sidecar_remote_write_samples_failed_total", ("remote_write", "prom")));
        Assert.Equal(0, await sidecar.ValueAsync("sidecar_remote_write_samples_dropped_total", ("remote_write", "prom")));
        Assert.True(await sidecar.ValueAsync("sidecar_remote_write_last_success_timestamp_seconds", ("remote_write", "prom")) > 0);

        // A reload without remote_write and exposition: the entry's self-metrics go, every family is exposed again.
        var text2 = File.ReadAllText(config);
        File.WriteAllText(config, text2[..text2.IndexOf("remote_write:", StringComparison.Ordinal)] + text2[text2.IndexOf("defaults:", StringComparison.Ordinal)..]);
        var reload = await sidecar.PostAsync("-/reload");
        Assert.Equal(System.Net.HttpStatusCode.OK, reload.Status);
        await sidecar.WaitUntilAsync(
            async () => await sidecar.ValueAsync("value", ("selector", "checkout")) is not null,
            TimeSpan.FromSeconds(60), "value exposed again after the reload");
        Assert.Null(await sidecar.ValueAsync("sidecar_remote_write_samples_sent_total", ("remote_write", "prom")));
        Assert.NotNull(await sidecar.ValueAsync("sidecar_series_model_info", ("selector", "checkout")));
    }

    /// <summary>The exposed output samples of the checkout series, by family.</summary>
    private static Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)> Outputs(List<ScrapedSample> samples) =>
        samples.Where(s => Exposed.Contains(s.Name) && s.Labels.GetValueOrDefault("selector") == "checkout")
            .ToDictionary(s => s.Name, s => (s.Labels, s.Value));

    /// <summary>Null when the newest stored sample of each family equals the scraped value, with the same labels.</summary>
    private static string? Compare(
        Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)> before,
        Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)> after,
        IReadOnlyList<QueryRangeSeries> stored)
    {
        if (before.Count != Exposed.Length || !before.All(b => after.TryGetValue(b.Key, out var a) && a.Value.Equals(b.Value.Value)))
        {
            return $"/metrics changed during the query or lacks a family: {before.Count} families";
        }

        var byName = stored.ToDictionary(s => s.Labels.First(l => l.Name == LabelSet.MetricName).Value);
        if (!byName.TryGetValue("value", out var value) || value.Values.Length == 0)
        {
            return "the receiver has no value series (sent though not exposed)";
        }

        long? stepMs = null;
        foreach (var (name, (labels, scraped)) in before)
        {
            if (!byName.TryGetValue(name, out var series))
            {
                return $"the receiver has no {name}";
            }

            var expected = labels.Select(l => new Label(l.Key, l.Value)).Append(new Label(LabelSet.MetricName, name));
            if (!series.Labels.Equals(LabelSet.From(expected)))
            {
                return $"{name}: stored labels {series.Labels} differ from the scraped ones";
            }

            if (!series.Values[^1].Equals(scraped))
            {
                return $"{name}: newest stored {series.Values[^1]:R} at {series.TimestampsMs[^1]}, /metrics {scraped:R}";
            }

            if (series.TimestampsMs[^1] % StepMs != 0 || (stepMs ??= series.TimestampsMs[^1]) != series.TimestampsMs[^1])
            {
                return $"{name}: newest stored sample at {series.TimestampsMs[^1]}, not the step {stepMs} of the others";
            }

            // One sample per step: consecutive stored samples lie whole steps apart.
            if (series.TimestampsMs.Zip(series.TimestampsMs.Skip(1)).Any(p => p.Second - p.First < StepMs || (p.Second - p.First) % StepMs != 0))
            {
                return $"{name}: stored timestamps are not one per step: {string.Join(", ", series.TimestampsMs)}";
            }
        }

        return value.TimestampsMs[^1] == stepMs ? null : $"value: newest stored sample at {value.TimestampsMs[^1]}, not {stepMs}";
    }

    private static TimeSeries Gauge(long startMs, long endMs, int seed, params (string, string)[] labels)
    {
        var random = new Random(seed);
        var timestamps = new List<long>();
        var values = new List<double>();
        for (var t = startMs; t <= endMs; t += StepMs)
        {
            timestamps.Add(t);
            values.Add(Math.Round(100 + 10 * Math.Sin(t / 600_000.0) + 4 * (random.NextDouble() - 0.5), 3));
        }

        return new TimeSeries(LabelSet.From(labels), [.. timestamps], [.. values]);
    }
}
