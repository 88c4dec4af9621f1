using System.Globalization;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;
using Xunit.Abstractions;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// Three real <c>sidecar run</c> processes with <c>--shard.count=3</c> against one real Prometheus holding twelve
/// backfilled series: each models exactly the series <see cref="SeriesShard"/> places on it, together all of them and
/// none twice, while every one reads the whole selector (remote read has no hashmod). A replica restarted on its
/// storage comes back with the same series, and the others do not change.
/// </summary>
public sealed class ShardingEndToEndTests
{
    private const int Shards = 3;
    private const int SeriesCount = 12;
    private const long StepMs = 60_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private readonly ITestOutputHelper _output;

    public ShardingEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Run_ThreeShards_PartitionTheSelectorsSeries_AndARestartKeepsThePlacement()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000) / StepMs * StepMs;
        var history = Enumerable.Range(0, SeriesCount).Select(i => Gauge(end - 2 * 3_600_000L, end, i)).ToList();
        await using var prometheus = await PrometheusServer.StartAsync(history);
        using var directory = new TempDirectory("sidecar-shard-");
        var config = directory.Write("sidecar.yml", $$"""
            remote_read:
              - url: {{new Uri(prometheus.BaseAddress, "api/v1/read")}}
                remote_timeout: 5s
            defaults:
              step: 1m
              fit_window: 2h
              fit_every: 1h
              infer_every: 1s
              min_history: 1h
            selectors:
              - name: load
                match: 'shard_load{job="batch"}'
            """);

        var expected = Enumerable.Range(0, Shards)
            .Select(index => history.Select(s => s.Labels).Where(l => Shard(index).Owns(l, "shard_load")).Select(l => l.Get("instance")).ToHashSet())
            .ToArray();
        Assert.All(expected, owned => Assert.NotEmpty(owned));

        var ports = Enumerable.Range(0, Shards).Select(_ => FreePort.Next()).ToArray();
        var storages = Enumerable.Range(0, Shards).Select(i => directory.File($"data-{i}")).ToArray();
        var replicas = new SidecarProcess[Shards];
        try
        {
            for (var i = 0; i < Shards; i++)
            {
                replicas[i] = Start(config, ports[i], storages[i], i);
            }

            var before = new HashSet<string>[Shards];
            for (var i = 0; i < Shards; i++)
            {
                before[i] = await ModelledAsync(replicas[i], expected[i].Count);
                Assert.Equal(expected[i], before[i]);
                Assert.Equal(SeriesCount - expected[i].Count, await replicas[i].ValueAsync("sidecar_shard_series_not_owned", ("selector", "load")));
                Assert.Equal(1, await replicas[i].ValueAsync("sidecar_shard_info", ("index", $"{i}"), ("count", $"{Shards}")));
                Assert.Equal(expected[i].Count, await replicas[i].ValueAsync("sidecar_series", ("selector", "load"), ("state", "modelled")));
                Assert.Equal(0, await replicas[i].ValueAsync("sidecar_series", ("selector", "load"), ("state", "warming_up")));

                // Every replica reads every series' fit window: at least min_history (60 points) of each of the twelve.
                var samples = await replicas[i].ValueAsync("sidecar_remote_read_samples_total", ("source", "default"));
                var bytes = await replicas[i].ValueAsync("sidecar_remote_read_bytes_total", ("source", "default"));
                _output.WriteLine($"replica {i}: models {expected[i].Count} of {SeriesCount} series, read {samples} samples, {bytes} bytes");
                Assert.True(samples >= SeriesCount * 60, $"replica {i} read {samples} samples, fewer than the whole selector's fit window");
            }

            var union = before.SelectMany(s => s).ToList();
            Assert.Equal(SeriesCount, union.Count);
            Assert.Equal(history.Select(s => s.Labels.Get("instance")).ToHashSet(), union.ToHashSet());

            await replicas[1].DisposeAsync();
            replicas[1] = Start(config, ports[1], storages[1], 1);
            Assert.Equal(before[1], await ModelledAsync(replicas[1], expected[1].Count));
            Assert.Contains($"selector load: restored {expected[1].Count} models", replicas[1].Log, StringComparison.Ordinal);
            Assert.Equal(before[0], await ModelledAsync(replicas[0], expected[0].Count));
            Assert.Equal(before[2], await ModelledAsync(replicas[2], expected[2].Count));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                if (replica is not null)
                {
                    await replica.DisposeAsync();
                }
            }
        }
    }

    private static SeriesShard Shard(int index) => SeriesShard.TryCreate(Shards, index, out _)!;

    private static SidecarProcess Start(string config, int port, string storage, int index) =>
        SidecarProcess.Start(config, port, storage, $"--shard.count={Shards}", $"--shard.index={index}");

    // The instances a replica exposes a prediction for, once it has as many as it should.
    private static async Task<HashSet<string>> ModelledAsync(SidecarProcess replica, int count)
    {
        HashSet<string> instances = [];
        await replica.WaitUntilAsync(
            async () =>
            {
                instances = (await replica.MetricsAsync())
                    .Where(s => s.Name == "predicted" && s.Labels.GetValueOrDefault("selector") == "load")
                    .Select(s => s.Labels["instance"])
                    .ToHashSet();
                return instances.Count >= count;
            },
            Timeout,
            $"{count} predicted series");
        return instances;
    }

    private static TimeSeries Gauge(long startMs, long endMs, int instance)
    {
        var random = new Random(instance);
        var timestamps = new List<long>();
        var values = new List<double>();
        for (var t = startMs; t <= endMs; t += StepMs / 2)
        {
            timestamps.Add(t);
            values.Add(Math.Round(50 + instance + 2 * (random.NextDouble() - 0.5), 3));
        }

        return new TimeSeries(
            LabelSet.From(("__name__", "shard_load"), ("instance", $"host-{instance.ToString(CultureInfo.InvariantCulture)}"), ("job", "batch")),
            [.. timestamps],
            [.. values]);
    }
}
