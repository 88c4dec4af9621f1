using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Sidecar.Benchmarks.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Benchmarks.Service;

/// <summary>
/// The service figures, measured on the built binary against a local Prometheus holding 1,000 series × 14 days of
/// 1-minute samples (the remote-read benchmark's dataset): the first full cycle (read 14 days + fit every series),
/// steady inference runs, <c>/metrics</c> render time, resident memory, and restart to ready. A measurement, not a
/// test: it prints what it saw, one line per figure with the median of its runs.
/// <code>dotnet run -c Release --project tests/Sidecar.Benchmarks -- service-figures [series=1000] [days=14] [inference-runs=5]</code>
/// </summary>
public static partial class ServiceMeasurement
{
    public const string Command = "service-figures";

    public static async Task<int> RunAsync(string[] args)
    {
        var series = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 14;
        var inferenceRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var samples = days * 24 * 60;
        var endMs = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000) - 2) * 60_000;
        var startMs = endMs - ((samples - 1) * BenchmarkDataset.StepMs);
        var temp = new TempDirectory("sidecar-service-figures-");
        var directory = temp.Path;
        try
        {
            Log($"backfilling {series} series x {samples} samples ({series * (long)samples:N0}) through promtool...");
            var watch = Stopwatch.StartNew();
            await using var prometheus = await PrometheusServer.StartAsync(
                BenchmarkDataset.Generate(series, startMs, samples),
                new PrometheusServerOptions { StartTimeout = TimeSpan.FromMinutes(20) }).ConfigureAwait(false);
            Log($"prometheus ready after {watch.Elapsed.TotalSeconds:F0}s");

            var config = Path.Combine(directory, "sidecar.yml");
            await File.WriteAllTextAsync(config, $$"""
                remote_read:
                  - url: {{prometheus.RemoteReadUrl}}
                    remote_timeout: 5m
                defaults:
                  step: 1m
                  fit_window: {{days}}d
                  fit_every: 6h
                  infer_every: 1m
                  min_history: 1d
                  max_series: 10000
                selectors:
                  - name: bench
                    match: '{job="bench"}'
                """).ConfigureAwait(false);
            var storage = Path.Combine(directory, "data");
            var port = FreePort.Next();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(1) };

            // 1. First full cycle: start to ready is read 14 days + fit every series + first inference.
            var started = Stopwatch.StartNew();
            var sidecar = StartSidecar(config, port, storage);
            await WaitReadyAsync(http, sidecar, TimeSpan.FromMinutes(30)).ConfigureAwait(false);
            var firstCycle = started.Elapsed;
            var fitRun = FitRunSeconds(sidecar.Output);
            var peakAfterFit = Proc(sidecar.Id, "VmHWM");
            Log($"first full cycle (start -> ready): {firstCycle.TotalSeconds:F1} s; the fit run itself: {fitRun.Total:F1} s, of which reading {days} d {fitRun.Read:F1} s; peak RSS {peakAfterFit / 1024.0:F0} MB");

            // 2. Steady inference: each run's duration from the histogram's sum/count deltas.
            var inference = await InferenceRunsAsync(http, inferenceRuns).ConfigureAwait(false);
            Log($"steady inference run ({series} series, new steps only): median {Median(inference) * 1000:F0} ms over {inference.Count} runs [{string.Join(", ", inference.Select(s => (s * 1000).ToString("F0", CultureInfo.InvariantCulture)))}] ms");

            // 3. /metrics render, as Prometheus scrapes it.
            var (render, bytes) = await RenderAsync(http, runs: 51).ConfigureAwait(false);
            Log($"/metrics render ({bytes / 1024.0:F0} KiB): median {Median(render) * 1000:F1} ms over {render.Count} scrapes (after 5 warm-up)");

            // 4. Resident memory in steady state and its peak.
            var rss = Proc(sidecar.Id, "VmRSS");
            var hwm = Proc(sidecar.Id, "VmHWM");
            Log($"resident memory: {rss / 1024.0:F0} MB steady (VmRSS), {hwm / 1024.0:F0} MB peak (VmHWM, during the first fit)");

            // 5. Restart to ready: SIGKILL, start again on the same storage, time to /-/ready.
            var restarts = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await sidecar.DisposeAsync().ConfigureAwait(false);
                var again = Stopwatch.StartNew();
                sidecar = StartSidecar(config, port, storage);
                await WaitReadyAsync(http, sidecar, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
                restarts.Add(again.Elapsed.TotalSeconds);
                var fits = await ValueAsync(http, "sidecar_fit_duration_seconds_count").ConfigureAwait(false);
                Log($"restart {i + 1}: ready after {again.Elapsed.TotalSeconds:F2} s, fits since start {fits}, RSS {Proc(sidecar.Id, "VmRSS") / 1024.0:F0} MB");
            }

            Log($"restart to ready: median {Median(restarts):F2} s over {restarts.Count} restarts (process start, restore {series} models, serve)");
            await sidecar.DisposeAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            temp.Dispose();
        }
    }

    private static ExternalProcess StartSidecar(string config, int port, string storage)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return ExternalProcess.Start(dotnet,
        [
            Path.Combine(AppContext.BaseDirectory, "sidecar.dll"), "run",
            $"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", $"--storage.path={storage}",
        ]);
    }

    private static async Task WaitReadyAsync(HttpClient http, ExternalProcess sidecar, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (sidecar.HasExited)
            {
                throw new InvalidOperationException($"sidecar exited:\n{sidecar.Output}");
            }

            try
            {
                using var response = await http.GetAsync("-/ready").ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not ready after {timeout}:\n{sidecar.Output}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static async Task<List<double>> InferenceRunsAsync(HttpClient http, int runs)
    {
        var durations = new List<double>();
        var (sum, count) = await InferenceTotalsAsync(http).ConfigureAwait(false);
        while (durations.Count < runs)
        {
            await Task.Delay(500).ConfigureAwait(false);
            var (s, c) = await InferenceTotalsAsync(http).ConfigureAwait(false);
            if (c == count + 1)
            {
                durations.Add(s - sum);
            }

            (sum, count) = (s, c);
        }

        return durations;
    }

    private static async Task<(double Sum, double Count)> InferenceTotalsAsync(HttpClient http) => (
        await ValueAsync(http, "sidecar_inference_duration_seconds_sum").ConfigureAwait(false) ?? 0,
        await ValueAsync(http, "sidecar_inference_duration_seconds_count").ConfigureAwait(false) ?? 0);

    private static async Task<(List<double> Seconds, long Bytes)> RenderAsync(HttpClient http, int runs)
    {
        var durations = new List<double>();
        long bytes = 0;
        for (var i = 0; i < runs + 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
            request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            watch.Stop();
            if (i >= 5)
            {
                durations.Add(watch.Elapsed.TotalSeconds);
                bytes = body.Length;
            }
        }

        return (durations, bytes);
    }

    private static async Task<double?> ValueAsync(HttpClient http, string name)
    {
        var text = await http.GetStringAsync("metrics").ConfigureAwait(false);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is '{' or ' '))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static (double Total, double Read) FitRunSeconds(string log) =>
        FitDone().Match(log) is { Success: true } m
            ? (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            : (double.NaN, double.NaN);

    /// <summary>A field of /proc/PID/status, in kB.</summary>
    private static long Proc(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    [GeneratedRegex(@"fit of selector bench done: .*? in ([0-9.]+)s \(([0-9.]+)s reading\)")]
    private static partial Regex FitDone();
}
