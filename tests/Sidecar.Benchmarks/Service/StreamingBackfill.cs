using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sidecar.Benchmarks.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Benchmarks.Service;

/// <summary>
/// Builds the service benchmark's TSDB without holding its samples: one 2-hour OpenMetrics file at a time (every
/// series' samples of that block, from <see cref="BenchmarkDataset.Generator"/>s that carry each series on), handed
/// to <c>promtool tsdb create-blocks-from openmetrics</c> and deleted, with as many promtool runs in flight as there
/// are cores. Memory stays at one or two files' text whatever the series count, so 10,000 and 50,000 series can be
/// built on a small machine. The TSDB is kept in its directory with a note of what it holds, written once Prometheus has
/// compacted it, and reused by a later run asking for the same series and days whose data end less than
/// <see cref="MaxReuseAge"/> ago.
/// </summary>
public static class StreamingBackfill
{
    /// <summary>How old a kept dataset's end may be and still be reused (the fit window loses that much at its end).</summary>
    public static readonly TimeSpan MaxReuseAge = TimeSpan.FromHours(6);

    private const string NoteFile = "sidecar-bench-dataset.txt";

    /// <summary>The TSDB directory inside a dataset directory.</summary>
    public static string Tsdb(string directory) => Path.Combine(directory, "tsdb");

    /// <summary>True when <paramref name="directory"/> holds a complete dataset of this shape, young enough to reuse.</summary>
    public static bool Reusable(string directory, int series, int days, out long lastMs, out long startMs)
    {
        lastMs = 0;
        startMs = 0;
        var note = Path.Combine(directory, NoteFile);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (File.Exists(note) && File.ReadAllText(note).Split(' ') is [var s, var d, var end, var start]
            && s == series.ToString(CultureInfo.InvariantCulture) && d == days.ToString(CultureInfo.InvariantCulture)
            && long.Parse(end, CultureInfo.InvariantCulture) is var endMs && nowMs - endMs < MaxReuseAge.TotalMilliseconds)
        {
            lastMs = endMs;
            startMs = long.Parse(start, CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Appends the samples after <paramref name="lastMs"/> up to about now to a reusable dataset (its series carried
    /// on from <paramref name="startMs"/>, so they continue as if never interrupted), as blocks of their own that
    /// Prometheus merges; returns the new last timestamp. The dataset is no longer marked complete.
    /// </summary>
    public static async Task<long> TopUpAsync(string directory, int series, long startMs, long lastMs, Action<string> log)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var newLastMs = ((nowMs / BenchmarkDataset.StepMs) - 2) * BenchmarkDataset.StepMs;
        File.Delete(Path.Combine(directory, NoteFile));
        var (generators, labels) = Generators(series, startMs);
        foreach (var generator in generators)
        {
            while (generator.NextBaseMs <= lastMs)
            {
                generator.Next();
            }
        }

        await WriteBlocksAsync(directory, generators, labels, lastMs + BenchmarkDataset.StepMs, newLastMs, log).ConfigureAwait(false);
        return newLastMs;
    }

    /// <summary>Records that <paramref name="directory"/> holds a complete (and compacted) dataset.</summary>
    public static void MarkComplete(string directory, int series, int days, long lastMs, long startMs) =>
        File.WriteAllText(Path.Combine(directory, NoteFile), string.Create(CultureInfo.InvariantCulture, $"{series} {days} {lastMs} {startMs}"));

    /// <summary>
    /// Writes a fresh dataset of <paramref name="series"/> series × <paramref name="days"/> days of 1-minute samples
    /// ending about now into <paramref name="directory"/> (anything there is deleted first); returns the timestamp of
    /// the last and first samples (unix ms). It is not marked complete: see <see cref="MarkComplete"/>.
    /// </summary>
    public static async Task<(long LastMs, long StartMs)> BuildAsync(string directory, int series, int days, Action<string> log)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var tsdb = Tsdb(directory);
        Directory.CreateDirectory(tsdb);
        var samples = days * 24 * 60;
        var lastMs = ((nowMs / BenchmarkDataset.StepMs) - 2) * BenchmarkDataset.StepMs;
        var startMs = lastMs - ((samples - 1) * BenchmarkDataset.StepMs);
        var (generators, labels) = Generators(series, startMs);
        await WriteBlocksAsync(directory, generators, labels, startMs, lastMs, log).ConfigureAwait(false);
        log($"backfilled {series} series x {samples} samples ({series * (long)samples:N0})");
        return (lastMs, startMs);
    }

    private static (BenchmarkDataset.Generator[] Generators, string[] Labels) Generators(int series, long startMs)
    {
        var generators = new BenchmarkDataset.Generator[series];
        var labels = new string[series];
        for (var i = 0; i < series; i++)
        {
            generators[i] = new BenchmarkDataset.Generator(i, startMs);
            labels[i] = OpenMetricsWriter.FormatLabels(BenchmarkDataset.Labels(i));
        }

        return (generators, labels);
    }

    /// <summary>Writes every series' samples with base times in [fromMs, lastMs], one 2-hour file at a time, through promtool.</summary>
    private static async Task WriteBlocksAsync(
        string directory, BenchmarkDataset.Generator[] generators, string[] labels, long fromMs, long lastMs, Action<string> log)
    {
        var series = generators.Length;
        var tsdb = Tsdb(directory);
        var input = Path.Combine(directory, "openmetrics");
        Directory.CreateDirectory(input);
        var watch = Stopwatch.StartNew();
        var running = new List<Task>();
        var blocks = 0;
        var firstBlock = Math.DivRem(fromMs, OpenMetricsWriter.BlockMs, out _);
        var lastBlock = Math.DivRem(lastMs, OpenMetricsWriter.BlockMs, out _);
        for (var block = firstBlock; block <= lastBlock; block++)
        {
            var blockEndMs = (block + 1) * OpenMetricsWriter.BlockMs;
            var file = Path.Combine(input, $"block-{block:D8}.om");
            await using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(false), 1 << 20))
            {
                var line = new StringBuilder(128);
                for (var i = 0; i < series; i++)
                {
                    var generator = generators[i];
                    while (generator.NextBaseMs < blockEndMs && generator.NextBaseMs <= lastMs)
                    {
                        var (t, v) = generator.Next();
                        line.Clear().Append(labels[i]).Append(' ').Append(OpenMetricsWriter.FormatValue(v)).Append(' ')
                            .Append(OpenMetricsWriter.FormatTimestamp(t)).Append('\n');
                        await writer.WriteAsync(line).ConfigureAwait(false);
                    }
                }

                await writer.WriteAsync("# EOF\n").ConfigureAwait(false);
            }

            if (running.Count >= Environment.ProcessorCount)
            {
                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                await done.ConfigureAwait(false);
            }

            running.Add(CreateBlockAsync(file, tsdb));
            blocks++;
            if (blocks % 12 == 0)
            {
                var total = lastBlock - firstBlock + 1;
                var eta = watch.Elapsed.TotalSeconds / blocks * (total - blocks);
                log($"backfill: {blocks}/{total} blocks written, {watch.Elapsed.TotalSeconds:F0} s, about {eta:F0} s to go");
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        Directory.Delete(input, recursive: true);
        log($"wrote {blocks} blocks of {series} series in {watch.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task CreateBlockAsync(string file, string data)
    {
        await ExternalProcess.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", file, data], CancellationToken.None).ConfigureAwait(false);
        File.Delete(file);
    }
}
