using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Sidecar.Benchmarks.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Benchmarks.Service;

/// <summary>
/// The service figures, measured on the built binary against a local Prometheus holding N series × D days of
/// 1-minute samples (the remote-read benchmark's dataset, backfilled by <see cref="StreamingBackfill"/> one 2-hour
/// block at a time): the first full cycle (read the window + fit every series), each process's CPU during it, steady
/// inference runs, a refit cycle and the <c>/metrics</c> scrape latency while it runs, <c>/metrics</c> render time,
/// resident memory (steady and peak), the state file's size, and restart to ready. A measurement, not a test: it
/// prints what it saw, one line per figure with the median of its runs.
/// <code>dotnet run -c Release --project tests/Sidecar.Benchmarks -- service-figures [series=1000] [days=14] [inference-runs=5] [--data DIR] [--refit-every 5m] [--first-cycle-only] [--as-is]</code>
/// With <c>--data DIR</c> the dataset is kept in DIR and reused by the next run of the same shape (within
/// <see cref="StreamingBackfill.MaxReuseAge"/>): a 10,000-series backfill takes many minutes here. A reused dataset is
/// topped up to now, one small block more each run; <c>--as-is</c> reuses it unchanged (the window's last minutes then
/// hold no samples), so that runs compared with each other read the same blocks.
/// </summary>
public static partial class ServiceMeasurement
{
    public const string Command = "service-figures";

    public static async Task<int> RunAsync(string[] args)
    {
        var positional = new List<string>();
        string? dataDirectory = null;
        var refitEvery = TimeSpan.FromMinutes(5);
        var firstCycleOnly = false;
        var asIs = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    dataDirectory = Path.GetFullPath(args[++i]);
                    break;
                case "--first-cycle-only":
                    firstCycleOnly = true;
                    break;
                case "--as-is":
                    asIs = true;
                    break;
                case "--refit-every" when i + 1 < args.Length:
                    refitEvery = TimeSpan.FromMinutes(double.Parse(args[++i].TrimEnd('m'), CultureInfo.InvariantCulture));
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        var series = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 1000;
        var days = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 14;
        var inferenceRuns = positional.Count > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 5;
        var temp = new TempDirectory("sidecar-service-figures-");
        var directory = temp.Path;
        var dataset = dataDirectory ?? Path.Combine(directory, "dataset");
        try
        {
            Log($"load average at start: {LoadAverage()}");
            var reused = StreamingBackfill.Reusable(dataset, series, days, out var lastMs, out var firstMs);
            if (reused && asIs)
            {
                Log($"reusing the dataset in {dataset} as it is (ends {(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - lastMs) / 60_000} min ago)");
            }
            else if (reused)
            {
                Log($"reusing the dataset in {dataset} (ends {(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - lastMs) / 60_000} min ago); topping it up to now...");
                lastMs = await StreamingBackfill.TopUpAsync(dataset, series, firstMs, lastMs, Log).ConfigureAwait(false);
            }
            else
            {
                Log($"backfilling {series} series x {days} d of 1-minute samples through promtool, one 2-hour block at a time...");
                (lastMs, firstMs) = await StreamingBackfill.BuildAsync(dataset, series, days, Log).ConfigureAwait(false);
            }

            await using var prometheus = await PrometheusServer.StartAsync(
                [],
                new PrometheusServerOptions { StartTimeout = TimeSpan.FromMinutes(20), DataDirectory = StreamingBackfill.Tsdb(dataset) }).ConfigureAwait(false);
            using var promHttp = new HttpClient { BaseAddress = prometheus.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
            // Prometheus compacts backfilled blocks in the background (first planned a minute after start): let it
            // finish before measuring, so its compaction CPU does not count as the sidecar's reads.
            await WaitCompactedAsync(promHttp, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            StreamingBackfill.MarkComplete(dataset, series, days, lastMs, firstMs);

            var config = Path.Combine(directory, "sidecar.yml");
            await File.WriteAllTextAsync(config, $$"""
                remote_read:
                  - url: {{prometheus.RemoteReadUrl}}
                    remote_timeout: 5m
                defaults:
                  step: 1m
                  fit_window: {{days}}d
                  fit_every: {{(int)refitEvery.TotalSeconds}}s
                  infer_every: 1m
                  min_history: 1d
                  max_series: {{Math.Max(10000, series)}}
                selectors:
                  - name: bench
                    match: '{job="bench"}'
                """).ConfigureAwait(false);
            var storage = Path.Combine(directory, "data");
            var port = FreePort.Next();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(1) };

            // 1. First full cycle: start to ready is read the window + fit every series + first inference.
            Log($"load average before the first cycle: {LoadAverage()}");
            var promCpuBefore = CpuSeconds(prometheus.ProcessId);
            var started = Stopwatch.StartNew();
            var sidecar = StartSidecar(config, port, storage);
            await WaitReadyAsync(http, sidecar, TimeSpan.FromMinutes(30)).ConfigureAwait(false);
            var firstCycle = started.Elapsed;
            var sidecarCpu = CpuSeconds(sidecar.Id);
            var promCpu = CpuSeconds(prometheus.ProcessId) - promCpuBefore;
            var fitRun = FitRuns(sidecar.Output)[0];
            var peakAfterFit = Proc(sidecar.Id, "VmHWM");
            Log($"first full cycle (start -> ready): {firstCycle.TotalSeconds:F1} s; the fit run itself: {fitRun.Total:F1} s, of which reading {days} d {fitRun.Read:F1} s; "
                + $"CPU: sidecar {sidecarCpu:F1} s, prometheus {promCpu:F1} s; peak RSS {peakAfterFit / 1024.0:F0} MB; load average {LoadAverage()}");

            if (firstCycleOnly)
            {
                await sidecar.DisposeAsync().ConfigureAwait(false);
                return 0;
            }

            // 2. Steady inference: each run's duration from the histogram's sum/count deltas.
            var inference = await InferenceRunsAsync(http, inferenceRuns).ConfigureAwait(false);
            Log($"steady inference run ({series} series, new steps only): median {Median(inference) * 1000:F0} ms over {inference.Count} runs [{string.Join(", ", inference.Select(s => (s * 1000).ToString("F0", CultureInfo.InvariantCulture)))}] ms");

            // 3. /metrics render, as Prometheus scrapes it.
            var (render, bytes) = await RenderAsync(http, runs: 51).ConfigureAwait(false);
            Log($"/metrics render ({bytes / 1024.0:F0} KiB): median {Median(render) * 1000:F1} ms over {render.Count} scrapes (after 5 warm-up)");
            var rss = Proc(sidecar.Id, "VmRSS");
            Log($"resident memory after the first cycle: {rss / 1024.0:F0} MB (VmRSS), {Proc(sidecar.Id, "VmHWM") / 1024.0:F0} MB peak so far");

            // 4. A refit cycle (fit_every after start), with /metrics scraped every 250 ms all the while.
            Log($"waiting for the refit (fit_every {refitEvery.TotalMinutes:F0}m after start) while scraping /metrics every 250 ms...");
            var scrapes = await ScrapeUntilRefitAsync(http, sidecar, TimeSpan.FromMinutes(refitEvery.TotalMinutes * 3)).ConfigureAwait(false);
            var refit = FitRuns(sidecar.Output)[1];
            var during = scrapes.Where(s => s.StartedAt >= refit.DoneAt.AddSeconds(-refit.Total) && s.StartedAt <= refit.DoneAt).Select(s => s.Seconds).ToList();
            Log($"refit cycle: {refit.Total:F1} s, of which reading {refit.Read:F1} s; load average {LoadAverage()}");
            Log($"/metrics while the refit ran: median {Median(during) * 1000:F1} ms, p99 {Quantile(during, 0.99) * 1000:F1} ms, max {during.DefaultIfEmpty().Max() * 1000:F1} ms over {during.Count} scrapes");

            // 5. Resident memory in steady state, its peak, and the state file.
            rss = Proc(sidecar.Id, "VmRSS");
            var hwm = Proc(sidecar.Id, "VmHWM");
            Log($"resident memory: {rss / 1024.0:F0} MB steady (VmRSS after the refit), {hwm / 1024.0:F0} MB peak (VmHWM, first cycle and refit)");
            var stateBytes = Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Log($"state on disk: {stateBytes / 1048576.0:F1} MiB under --storage.path");

            // 6. Restart to ready: SIGKILL, start again on the same storage, time to /-/ready.
            var restarts = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await sidecar.DisposeAsync().ConfigureAwait(false);
                var again = Stopwatch.StartNew();
                sidecar = StartSidecar(config, port, storage);
                await WaitReadyAsync(http, sidecar, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
                var ready = again.Elapsed.TotalSeconds;
                restarts.Add(ready);
                var fits = await ValueAsync(http, "sidecar_fit_duration_seconds_count").ConfigureAwait(false);
                Log($"restart {i + 1}: ready after {ready:F2} s, fits since start {fits}, RSS {Proc(sidecar.Id, "VmRSS") / 1024.0:F0} MB");
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

    private static async Task WaitCompactedAsync(HttpClient prometheus, TimeSpan quiet)
    {
        var watch = Stopwatch.StartNew();
        var last = (Blocks: -1.0, Compactions: -1.0);
        var since = watch.Elapsed;
        while (true)
        {
            var now = (
                await ValueAsync(prometheus, "prometheus_tsdb_blocks_loaded").ConfigureAwait(false) ?? 0,
                await ValueAsync(prometheus, "prometheus_tsdb_compactions_total").ConfigureAwait(false) ?? 0);
            if (now != last)
            {
                last = now;
                since = watch.Elapsed;
            }
            else if (watch.Elapsed - since >= quiet)
            {
                Log($"prometheus quiet for {quiet.TotalSeconds:F0} s: {last.Blocks} blocks, {last.Compactions} compactions, after {watch.Elapsed.TotalSeconds:F0} s");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    private static async Task<List<(DateTimeOffset StartedAt, double Seconds)>> ScrapeUntilRefitAsync(HttpClient http, ExternalProcess sidecar, TimeSpan timeout)
    {
        var scrapes = new List<(DateTimeOffset, double)>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (FitRuns(sidecar.Output).Count < 2)
        {
            if (DateTimeOffset.UtcNow > deadline || sidecar.HasExited)
            {
                throw new TimeoutException($"no refit within {timeout}:\n{sidecar.Output}");
            }

            var at = DateTimeOffset.UtcNow;
            using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            _ = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            scrapes.Add((at, watch.Elapsed.TotalSeconds));
            await Task.Delay(250).ConfigureAwait(false);
        }

        return scrapes;
    }

    private static ExternalProcess StartSidecar(string config, int port, string storage)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        // SIDECAR_BENCH_DIAGNOSTICS=1 lets dotnet-trace and dotnet-counters attach to the sidecar under measurement.
        var environment = Environment.GetEnvironmentVariable("SIDECAR_BENCH_DIAGNOSTICS") == "1"
            ? new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "1" }
            : null;
        return ExternalProcess.Start(
            dotnet,
            [
                Path.Combine(AppContext.BaseDirectory, "sidecar.dll"), "run",
                $"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", $"--storage.path={storage}",
            ],
            environment: environment);
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

    /// <summary>The fit runs the log reports so far, with when each finished (the log line's <c>ts</c>).</summary>
    private static List<(double Total, double Read, DateTimeOffset DoneAt)> FitRuns(string log)
    {
        var runs = new List<(double, double, DateTimeOffset)>();
        foreach (Match m in FitDone().Matches(log))
        {
            var done = DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var total = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var read = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            runs.Add((total, read, done));
        }

        return runs;
    }

    /// <summary>User + system CPU seconds of a process so far, from /proc/PID/stat.</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // after "pid (comm) ", field 3 is state; utime and stime are fields 14 and 15 (1-based in proc(5))
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

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

    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    [GeneratedRegex(@"ts=(\S+) .*?fit of selector bench done: .*? in ([0-9.]+)s \(([0-9.]+)s reading\)")]
    private static partial Regex FitDone();
}
