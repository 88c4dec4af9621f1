using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Sidecar.Config.Binding;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.State;
using Sidecar.Testing;

namespace Sidecar.Benchmarks.Service;

/// <summary>
/// The CPU cost of continuous tuning: a selector runner of the service (the real models, reading from memory) with
/// <c>series</c> series of <c>days</c> days (default 7) at a step of <c>step</c> minutes (default 5); each cycle is a fit run followed by a tuning cycle that
/// cross-validates every series (cv initial 3d, horizon 1d, period 1d: 4 folds over 7 days) for each of the 3 grid
/// combinations and the selector's own settings, on one thread. Prints, per cycle, the process CPU seconds and
/// wall seconds of the tuning cycle alone, then their medians and the load average before and after. A
/// measurement, not a test.
/// <code>dotnet run -c Release --project tests/Sidecar.Benchmarks -- tuning-figures [series=1000] [model=ewma|seasonal_baseline|prophet] [cycles=3] [days=7] [step-minutes=5]</code>
/// </summary>
public static class TuningMeasurement
{
    public const string Command = "tuning-figures";


    public static async Task<int> RunAsync(string[] args)
    {
        var series = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var model = args.Length > 1 ? args[1] : "ewma";
        var cycles = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var days = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7;
        var stepMinutes = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5;
        var stepMs = stepMinutes * 60_000L;
        var points = (int)(days * 86_400_000L / stepMs);
        var grid = model == "prophet" ? "{changepoint_prior_scale: [0.01, 0.1, 0.5]}" : "{ewma_half_life: [30m, 2h, 6h]}";
        var yaml = $$"""
            remote_read:
              - url: http://127.0.0.1:9/api/v1/read
            defaults:
              step: {{stepMinutes}}m
              fit_window: {{days}}d
              fit_every: 6h
              min_history: 1d
              max_series: 100000
              model: {type: {{model}}}
              cv: {initial: 3d, horizon: 1d, period: 1d}
              tuning: {metric: rmse, grid: {{grid}}, tune_every: 1s, cycle_budget: 1h}
            selectors:
              - {name: bench, match: '{job="bench"}'}
            """;
        var loaded = ConfigLoader.Load(yaml, "tuning-figures.yml");
        if (!loaded.IsValid)
        {
            Console.Error.WriteLine(string.Join('\n', loaded.Diagnostics));
            return 1;
        }

        var selector = loaded.Config!.Selectors[0];
        using var temp = new TempDirectory("sidecar-tuning-figures-");
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var time = TimeProvider.System;
        var reader = new InMemorySeriesReader();
        var endMs = time.GetUtcNow().ToUnixTimeMilliseconds() / stepMs * stepMs;
        foreach (var s in Generate(series, endMs, stepMs, points))
        {
            reader.Add(s);
        }

        using var limits = new SchedulerLimits(fitParallelism: 1);
        var self = new SelfMetrics(factory);
        var book = new ExclusionBook(new ExclusionStore(temp.File("state"), time), new ExclusionMetrics(factory), time, NullLogger<ExclusionBook>.Instance);
        using var runner = new SelectorRunner(
            selector, reader, new GridModelFitter(), new StateStore(temp.File("state")), new PredictionGauges(factory, OutputFamilyNames.Default, new ScrapeGate()),
            self.ForSelector("bench"), limits, book, time, NullLogger.Instance);

        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        Log($"{series} series x {points} points ({days}d at {stepMinutes}m), model {model}, grid {grid}; load average before: {loadBefore}");
        var cpu = new List<double>();
        var wall = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var c = 0; c < cycles; c++)
        {
            if (!await runner.FitAsync(CancellationToken.None).ConfigureAwait(false))
            {
                Console.Error.WriteLine("the fit run failed");
                return 1;
            }

            await Task.Delay(1100).ConfigureAwait(false);
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await runner.TuneAsync(CancellationToken.None).ConfigureAwait(false);
            watch.Stop();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuStart).TotalSeconds);
            wall.Add(watch.Elapsed.TotalSeconds);
            var tuned = MetricsText.Samples(await MetricsText.RenderAsync(registry).ConfigureAwait(false))
                .Where(l => l.StartsWith("sidecar_tuning_series_total{", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            Log($"cycle {c + 1}: {cpu[^1]:F1} CPU s, {wall[^1]:F1} s wall, {cpu[^1] / series * 1000:F1} CPU ms per series; series tuned so far: {tuned}");
        }

        var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        var median = Median(cpu);
        Log($"tuning cycle of {series} series: median {median:F1} CPU s ({median / series * 1000:F1} ms per series), {Median(wall):F1} s wall, over {cycles} cycles; " +
            $"with tune_every: 1d that is {median / 86400 * 100:F3} % of one core; load average after: {loadAfter}");
        return 0;
    }

    private static IEnumerable<TimeSeries> Generate(int count, long endMs, long stepMs, int points)
    {
        var random = new Random(42);
        var timestamps = Enumerable.Range(0, points).Select(i => endMs - ((points - 1 - i) * stepMs)).ToArray();
        for (var s = 0; s < count; s++)
        {
            var level = 50 + (random.NextDouble() * 1000);
            var amplitude = level * (0.1 + (0.4 * random.NextDouble()));
            var values = timestamps.Select(t =>
                level + (amplitude * Math.Sin(2 * Math.PI * (t % 86_400_000) / 86_400_000.0)) + (level * 0.05 * (random.NextDouble() - 0.5))).ToArray();
            yield return new TimeSeries(
                LabelSet.From(("__name__", "bench_requests"), ("job", "bench"), ("instance", "i" + s.ToString("D4", CultureInfo.InvariantCulture))), timestamps, values);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
