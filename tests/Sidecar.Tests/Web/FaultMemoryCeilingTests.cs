using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Sidecar.RemoteRead;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Web;
using Snappier;

namespace Sidecar.Tests.Web;

/// <summary>
/// The memory ceiling of docs/service.md held under the three faults of issue 10 in one running sidecar: SAMPLES
/// bodies of 64 MiB without a Content-Length, snappy bombs (a tiny block that declares 2 GiB), and 100 reloads that
/// add and remove the selector reading them, most of the time while its read is under way. Afterwards the managed
/// memory that is still reachable must be within what the pools may keep (40 MiB, as in RemoteReadClientMemoryTests)
/// plus the reload noise (16 MiB, as in ReloadMemoryTests) of where it was before the faults. The fault server runs in
/// this process and is stopped before that reading: while it lives, it holds the bodies of the responses whose
/// readers went away (over 1 GB after 100 reloads, measured), which are the test's, not the sidecar's.
/// </summary>
[Collection(nameof(ReloadMemoryCollection))]
public sealed class FaultMemoryCeilingTests : IAsyncLifetime
{
    private const long CeilingBytes = (40L << 20) + (16L << 20);
    private const int BodyBytes = 64 << 20;

    private readonly TempDirectory _directory = new("sidecar-faults-");
    private PrometheusServer _prometheus = null!;
    private LoopbackHttpServer _faults = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 - 1) * 60_000;
        var timestamps = Enumerable.Range(0, 3 * 60).Select(i => end - i * 60_000L).Reverse().ToArray();
        _prometheus = await PrometheusServer.StartAsync([
            new TimeSeries(LabelSet.From(("__name__", "metric_a"), ("job", "fault-test")), timestamps, timestamps.Select((_, i) => 10.0 + (i % 7)).ToArray())]);

        // One incompressible 64 MiB block (snappy leaves it as large): it decompresses to 64 MiB, then fails to decode
        // as a ReadResponse. And a bomb: a varint length of 2 GiB and nothing behind it.
        var random = new byte[BodyBytes];
        new Random(42).NextBytes(random);
        var body = Snappy.CompressToArray(random);
        byte[] bomb = [0x80, 0x80, 0x80, 0x80, 0x08, 0x00, 0x01, 0x02];
        var snappy = new Dictionary<string, string> { ["Content-Encoding"] = "snappy" };
        _faults = LoopbackHttpServer.Start(_ => Interlocked.Increment(ref _requests) % 2 == 1
            ? new LoopbackResponse(200, "application/x-protobuf", "", body, snappy)
            : new LoopbackResponse(200, "application/x-protobuf", "", bomb, snappy));
    }

    public async Task DisposeAsync()
    {
        await _faults.DisposeAsync();
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Faults_64MiBBodiesBombsAnd100Reloads_ReachableMemoryStaysUnderTheCeiling()
    {
        var config = _directory.File("sidecar.yml");
        await File.WriteAllTextAsync(config, Config(withFaults: false));
        await using var app = SidecarHost.Build(new SidecarHostOptions
        {
            ConfigFile = config,
            ListenAddress = new ListenAddress("127.0.0.1", 0),
            StoragePath = _directory.File("data"),
            EnableLifecycle = true,
            LogLevel = LogLevel.Critical,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await WaitReadyAsync(http);
        var before = Eventually.ManagedBytesAfterFullCollection();
        var faultMetrics = "";

        for (var i = 0; i < 100; i++)
        {
            var withFaults = i % 2 == 0;
            var served = Volatile.Read(ref _requests);
            await ReloadAsync(http, config, Config(withFaults));
            if (withFaults && i % 10 == 0)
            {
                // every tenth time, let the fault selector's reads run: at least one body and one bomb
                await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref _requests) >= served + 2), "fault reads");
                faultMetrics = await http.GetStringAsync("metrics");
            }
        }

        await ReloadAsync(http, config, Config(withFaults: false));
        await WaitReadyAsync(http);
        // reads of removed selectors end (cancelled, or answered by the one-at-a-time fault server): measure once it
        // has been asked for nothing for two seconds
        for (var (last, quiet) = (-1, 0); quiet < 20; await Task.Delay(100))
        {
            var now = Volatile.Read(ref _requests);
            (last, quiet) = (now, now == last ? quiet + 1 : 0);
        }

        await _faults.DisposeAsync();
        var after = Eventually.ManagedBytesAfterFullCollection();

        Assert.True(Volatile.Read(ref _requests) >= 20, $"only {_requests} fault responses were asked for");
        var counted = string.Join('\n', MetricsText.Samples(faultMetrics).Where(l => l.StartsWith("sidecar_remote_read_responses_total{", StringComparison.Ordinal)));
        Assert.True(Counted(counted, "limit_exceeded") && Counted(counted, "decode_error"), $"the faults were not counted as such:\n{counted}");
        Assert.True(after - before < CeilingBytes, $"managed memory grew by {(after - before) >> 20} MiB under the faults (ceiling {CeilingBytes >> 20} MiB)");
        await app.StopAsync();
    }

    private string Config(bool withFaults) => $"""
        remote_read:
          - name: prometheus
            url: {_prometheus.RemoteReadUrl}
          - name: faults
            url: {_faults.BaseAddress}api/v1/read
            max_response_bytes: 128MiB
            max_retries: 0
        defaults:
          fit_window: 3h
          min_history: 1h
        selectors:
        {Selectors(withFaults)}
        """;

    private static bool Counted(string lines, string code) => lines.Split('\n').Any(l =>
        l.Contains("source=\"faults\"", StringComparison.Ordinal) && l.Contains($"code=\"{code}\"", StringComparison.Ordinal)
        && Regex.IsMatch(l, " [1-9][0-9.e+]*$"));

    private static string Selectors(bool withFaults) =>
        withFaults ? "  - {name: a, source: prometheus, match: 'metric_a'}\n  - {name: f, source: faults, match: 'big'}" : "  - {name: a, source: prometheus, match: 'metric_a'}";

    private static async Task ReloadAsync(HttpClient http, string config, string text)
    {
        await File.WriteAllTextAsync(config, text);
        using var response = await http.PostAsync("-/reload", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task WaitReadyAsync(HttpClient http) =>
        await Eventually.WaitAsync(async () => (await http.GetAsync("-/ready")).StatusCode == HttpStatusCode.OK, "ready");
}
