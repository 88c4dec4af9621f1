using System.Globalization;
using System.Text;

namespace Sidecar.Tools.Demo;

/// <summary>
/// Writes <see cref="SampleWindow"/>s as OpenMetrics text for <c>promtool tsdb create-blocks-from openmetrics</c>:
/// one file per window (promtool re-reads its whole input once per two-hour block, so one big file would be read
/// 168 times for 14 days), <c># HELP</c>/<c># TYPE</c> per family, timestamps in whole seconds, each file ending in
/// <c># EOF</c>. Files are named <c>block-YYYYMMDDTHHMMZ.om</c> after the window start, so that they sort in time
/// order. Not thread-safe.
/// </summary>
public sealed class OpenMetricsBlockWriter
{
    /// <summary>File name pattern of the files this writer owns (and deletes before writing again).</summary>
    public const string FilePattern = "block-*.om";

    private readonly string _directory;
    private readonly IReadOnlyList<SampleSeries> _series;
    private readonly string[] _prefixes;
    private readonly List<(string Family, SampleSeriesKind Kind, int[] Members)> _families;

    /// <summary>Prepares a writer for <paramref name="series"/> into <paramref name="directory"/> (created if missing).</summary>
    public OpenMetricsBlockWriter(string directory, IReadOnlyList<SampleSeries> series)
    {
        _directory = directory;
        _series = series;
        _prefixes = series.Select(s => ExpositionText.SeriesPrefix(s.Labels)).ToArray();
        _families = series
            .Select((s, i) => (s, i))
            .GroupBy(x => (x.s.Labels.Name, x.s.Kind))
            .Select(g => (FamilyName(g.Key.Name, g.Key.Kind), g.Key.Kind, g.Select(x => x.i).ToArray()))
            .ToList();
    }

    /// <summary>Deletes files of an earlier run in the directory so that a rerun leaves exactly its own files.</summary>
    public void DeleteStaleFiles()
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(_directory, FilePattern))
        {
            File.Delete(file);
        }
    }

    /// <summary>Writes one window to its own file and returns the file's path.</summary>
    public string Write(SampleWindow window)
    {
        Directory.CreateDirectory(_directory);
        var start = DateTimeOffset.FromUnixTimeSeconds(window.StartSeconds).UtcDateTime;
        var path = Path.Combine(_directory, $"block-{start.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}Z.om");
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        writer.NewLine = "\n";
        var timestamps = window.TimestampsSeconds.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var (family, kind, members) in _families)
        {
            writer.Write("# HELP ");
            writer.Write(family);
            writer.Write(' ');
            writer.WriteLine(ExpositionText.Help(family));
            writer.Write("# TYPE ");
            writer.Write(family);
            writer.WriteLine(kind == SampleSeriesKind.Counter ? " counter" : " gauge");
            foreach (var s in members)
            {
                var values = window.Values[s];
                for (var i = 0; i < timestamps.Length; i++)
                {
                    writer.Write(_prefixes[s]);
                    writer.Write(values[i].ToString("R", CultureInfo.InvariantCulture));
                    writer.Write(' ');
                    writer.WriteLine(timestamps[i]);
                }
            }
        }

        writer.WriteLine("# EOF");
        return path;
    }

    /// <summary>Number of series written per window.</summary>
    public int SeriesCount => _series.Count;

    // OpenMetrics names a counter family without its _total suffix; the samples keep it.
    private static string FamilyName(string metric, SampleSeriesKind kind) =>
        kind == SampleSeriesKind.Counter && metric.EndsWith("_total", StringComparison.Ordinal) ? metric[..^"_total".Length] : metric;
}
