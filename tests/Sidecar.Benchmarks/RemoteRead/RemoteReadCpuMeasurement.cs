using System.Diagnostics;
using System.Globalization;
using MatchType = Sidecar.RemoteRead.MatchType;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Benchmarks.RemoteRead;

/// <summary>
/// Measures what reading 1,000 series × 14 days of 1-minute samples (20,160,000 samples) from a local Prometheus
/// costs each side, in CPU time (utime + stime from /proc/&lt;pid&gt;/stat): this process (the client: request,
/// decode, merge) against the Prometheus process (serve). Backfills a real Prometheus through the test harness,
/// waits until its compactions settle, reads three times to warm up (tiered JIT and dynamic PGO keep compiling in
/// the background for the first reads), then times several reads and prints each run and the median ratio
/// client/server.
/// <code>dotnet run -c Release --project tests/Sidecar.Benchmarks -- remote-read-cpu [runs=5] [streamed|samples|both]</code>
/// </summary>
public static class RemoteReadCpuMeasurement
{
    public const string Command = "remote-read-cpu";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var modeArg = args.Length > 1 ? args[1] : "streamed";
        RemoteReadResponseType[] modes = modeArg switch
        {
            "samples" => [RemoteReadResponseType.Samples],
            "both" => [RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples],
            _ => [RemoteReadResponseType.StreamedXorChunks],
        };
        var ticksPerSecond = double.Parse(
            (await ExternalProcess.RunAsync("getconf", ["CLK_TCK"]).ConfigureAwait(false)).Trim(), CultureInfo.InvariantCulture);

        const int series = 1000;
        const int samples = 14 * 24 * 60;
        var endMs = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000) - 10) * 60_000;
        var startMs = endMs - ((samples - 1) * BenchmarkDataset.StepMs);
        Log($"backfilling {series} series x {samples} samples ({series * (long)samples:N0}) through promtool...");
        var watch = Stopwatch.StartNew();
        await using var prometheus = await PrometheusServer.StartAsync(
            BenchmarkDataset.Generate(series, startMs, samples),
            new PrometheusServerOptions { StartTimeout = TimeSpan.FromMinutes(10) }).ConfigureAwait(false);
        Log($"prometheus pid {prometheus.ProcessId} ready after {watch.Elapsed.TotalSeconds:F0}s; waiting for compactions to settle...");
        await WaitForCompactionsAsync(prometheus.BaseAddress).ConfigureAwait(false);

        // The dataset jitters some timestamps by up to 5 ms, the last one included.
        var query = new ReadQuery(startMs, endMs + 5, [new Matcher(MatchType.Equal, "job", "bench")]);
        foreach (var mode in modes)
        {
            if (!await MeasureAsync(prometheus, query, mode, runs, series * (long)samples, ticksPerSecond).ConfigureAwait(false))
            {
                return 1;
            }
        }

        return 0;
    }

    private static async Task<bool> MeasureAsync(
        PrometheusServer prometheus, ReadQuery query, RemoteReadResponseType mode, int runs, long expected, double ticksPerSecond)
    {
        using var client = new RemoteReadClient(new RemoteReadClientOptions
        {
            Url = prometheus.RemoteReadUrl,
            AcceptedResponseTypes = mode == RemoteReadResponseType.Samples
                ? [RemoteReadResponseType.Samples]
                : [RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples],
            RemoteTimeout = TimeSpan.FromMinutes(5),
        });

        for (var i = 0; i < 3; i++)
        {
            var warm = await client.ReadAsync(query).ConfigureAwait(false);
            var count = warm.Sum(s => (long)s.Count);
            Log($"warm-up read: {warm.Count} series, {count:N0} samples ({mode}, max_request_range 1d, 4 concurrent)");
            if (count != expected)
            {
                Log($"read returned {count:N0} samples, expected {expected:N0}");
                return false;
            }
        }

        long got;
        var ratios = new List<double>();
        var watch = new Stopwatch();
        for (var run = 1; run <= runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var server0 = CpuSeconds(prometheus.ProcessId, ticksPerSecond);
            var client0 = CpuSeconds(Environment.ProcessId, ticksPerSecond);
            watch.Restart();
            var result = await client.ReadAsync(query).ConfigureAwait(false);
            var wall = watch.Elapsed.TotalSeconds;
            var client1 = CpuSeconds(Environment.ProcessId, ticksPerSecond);
            var server1 = CpuSeconds(prometheus.ProcessId, ticksPerSecond);
            var clientCpu = client1.Total - client0.Total;
            var serverCpu = server1.Total - server0.Total;
            got = result.Sum(s => (long)s.Count);
            ratios.Add(clientCpu / serverCpu);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{mode} run {run}: {got:N0} samples, wall {wall:F2}s, sidecar cpu {clientCpu:F2}s " +
                $"(user {client1.User - client0.User:F2}, sys {client1.System - client0.System:F2}), prometheus cpu {serverCpu:F2}s " +
                $"(user {server1.User - server0.User:F2}, sys {server1.System - server0.System:F2}), ratio {clientCpu / serverCpu:F3}"));
        }

        ratios.Sort();
        var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[(ratios.Count / 2) - 1] + ratios[ratios.Count / 2]) / 2;
        Log(string.Create(CultureInfo.InvariantCulture, $"{mode}: median sidecar/prometheus CPU ratio over {runs} runs: {median:F3}"));
        return true;
    }

    /// <summary>utime and stime of a process, in seconds (fields 14 and 15 of /proc/pid/stat, after the command name).</summary>
    public static (double User, double System, double Total) CpuSeconds(int pid, double ticksPerSecond)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture) / ticksPerSecond;
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture) / ticksPerSecond;
        return (user, system, user + system);
    }

    private static async Task WaitForCompactionsAsync(Uri baseAddress)
    {
        // The TSDB plans compactions once a minute; settled = the same block and compaction counts for 75 s.
        using var http = new HttpClient { BaseAddress = baseAddress };
        var last = "";
        var stableSince = Stopwatch.StartNew();
        var total = Stopwatch.StartNew();
        while (stableSince.Elapsed < TimeSpan.FromSeconds(75) && total.Elapsed < TimeSpan.FromMinutes(20))
        {
            var metrics = await http.GetStringAsync("metrics").ConfigureAwait(false);
            var state = string.Join(" ", metrics.Split('\n').Where(l =>
                l.StartsWith("prometheus_tsdb_blocks_loaded ", StringComparison.Ordinal) ||
                l.StartsWith("prometheus_tsdb_compactions_total ", StringComparison.Ordinal) ||
                l.StartsWith("prometheus_tsdb_compaction_duration_seconds_count ", StringComparison.Ordinal)));
            if (state != last)
            {
                Log($"tsdb: {state}");
                last = state;
                stableSince.Restart();
            }

            await Task.Delay(5000).ConfigureAwait(false);
        }
    }

    private static void Log(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
