using System.Globalization;
using System.Text;

namespace Sidecar.Tools.Demo;

/// <summary>
/// The sample traffic after its backfilled history: the same series, continued from the exact state at the end of
/// the files, so that a Prometheus scraping <see cref="Render"/> (with <c>honor_labels</c>) sees the backfilled
/// series go on — counters keep counting, the daily cycle and the ongoing anomaly continue. Each sample carries the
/// timestamp of its point on the data's grid, as the history does: scraped more often than the grid, Prometheus
/// keeps one sample per grid point, so <c>rate()</c> sees the same spacing on both sides of the seam (mixing
/// one-minute history with 15-second scrapes of a value that moves once a minute makes it read 10–15 % low).
/// Time never goes backwards: asking for an earlier time gives the latest point again. Thread-safe.
/// </summary>
public sealed class LiveSampleTraffic
{
    private readonly object _lock = new();
    private readonly SampleTrafficGenerator _generator;
    private readonly string[] _prefixes;
    private readonly int _interval;
    private long _lastTimestamp;
    private double[] _current;

    private LiveSampleTraffic(SampleTrafficGenerator generator, SampleScenario scenario, double[] current)
    {
        _generator = generator;
        _interval = scenario.IntervalSeconds;
        _lastTimestamp = scenario.EndSeconds;
        _current = current;
        _prefixes = generator.Series.Select(s => ExpositionText.SeriesPrefix(s.Labels)).ToArray();
    }

    /// <summary>The series, in the order of <see cref="ValuesAt"/>.</summary>
    public IReadOnlyList<SampleSeries> Series => _generator.Series;

    /// <summary>Replays the history of <paramref name="options"/> (as <see cref="SampleDataWriter"/> writes it) up to its end.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static LiveSampleTraffic Create(SampleDataOptions options)
    {
        var scenario = SampleScenario.Create(options);
        var generator = new SampleTrafficGenerator(scenario, SampleSeriesCatalog.Build(options.Series, options.Seed), options.Seed);
        var last = generator.Windows().Last();
        return new LiveSampleTraffic(generator, scenario, last.Values.Select(v => v[^1]).ToArray());
    }

    /// <summary>
    /// The latest grid point at or before <paramref name="unixSeconds"/> (unix seconds, never earlier than a point
    /// already returned) and every series' value there, generating the points in between.
    /// </summary>
    public (long TimestampSeconds, double[] Values) ValuesAt(long unixSeconds)
    {
        lock (_lock)
        {
            var grid = unixSeconds / _interval * _interval;
            if (grid > _lastTimestamp)
            {
                var steps = new long[(grid - _lastTimestamp) / _interval];
                for (var i = 0; i < steps.Length; i++)
                {
                    steps[i] = _lastTimestamp + ((i + 1L) * _interval);
                }

                _current = _generator.Advance(steps).Select(v => v[^1]).ToArray();
                _lastTimestamp = grid;
            }

            return (_lastTimestamp, (double[])_current.Clone());
        }
    }

    /// <summary>
    /// The Prometheus text exposition (format 0.0.4) of every series at the latest grid point at or before
    /// <paramref name="unixSeconds"/>, each sample with that point's timestamp.
    /// </summary>
    public string Render(long unixSeconds)
    {
        var (timestamp, values) = ValuesAt(unixSeconds);
        var timestampMs = (timestamp * 1000).ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        foreach (var family in Series.Select((s, i) => (s, i)).GroupBy(x => x.s.Labels.Name))
        {
            var kind = family.First().s.Kind == SampleSeriesKind.Counter ? "counter" : "gauge";
            sb.Append("# HELP ").Append(family.Key).Append(' ').Append(ExpositionText.Help(family.Key)).Append('\n');
            sb.Append("# TYPE ").Append(family.Key).Append(' ').Append(kind).Append('\n');
            foreach (var (_, i) in family)
            {
                sb.Append(_prefixes[i]).Append(values[i].ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(timestampMs).Append('\n');
            }
        }

        return sb.ToString();
    }
}
