using System.Globalization;
using System.Text.Json;

namespace Sidecar.Tools.Demo;

/// <summary>
/// Writes a whole sample data set into a directory: one OpenMetrics file per two-hour window and
/// <c>sample-data.json</c>, which records the scenario (time zone, holiday, outage, anomaly) so that a config or a
/// test can refer to it. Rerunning into the same directory replaces the earlier files.
/// </summary>
public static class SampleDataWriter
{
    /// <summary>Name of the scenario description written beside the OpenMetrics files.</summary>
    public const string ManifestFileName = "sample-data.json";

    /// <summary>Generates and writes the data set described by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static SampleDataSummary Write(SampleDataOptions options, string directory)
    {
        var scenario = SampleScenario.Create(options);
        var series = SampleSeriesCatalog.Build(options.Series, options.Seed);
        var generator = new SampleTrafficGenerator(scenario, series, options.Seed);
        var writer = new OpenMetricsBlockWriter(directory, series);
        writer.DeleteStaleFiles();

        var files = new List<string>();
        long samples = 0;
        foreach (var window in generator.Windows())
        {
            files.Add(writer.Write(window));
            samples += (long)window.TimestampsSeconds.Length * series.Count;
        }

        var summary = new SampleDataSummary(scenario, series, files, samples);
        File.WriteAllText(Path.Combine(directory, ManifestFileName), Manifest(options, summary));
        return summary;
    }

    private static string Manifest(SampleDataOptions options, SampleDataSummary summary)
    {
        var scenario = summary.Scenario;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", options.Seed);
            json.WriteString("time_zone", options.TimeZone);
            json.WriteString("start", Rfc3339(scenario.StartSeconds * 1000));
            json.WriteString("end", Rfc3339(scenario.EndSeconds * 1000));
            json.WriteNumber("interval_seconds", scenario.IntervalSeconds);
            json.WriteNumber("series", summary.Series.Count);
            json.WriteNumber("samples", summary.SampleCount);
            json.WriteStartObject("metrics");
            foreach (var group in summary.Series.GroupBy(s => s.Labels.Name))
            {
                json.WriteNumber(group.Key, group.Count());
            }

            json.WriteEndObject();
            if (scenario.Holiday is { } holiday)
            {
                json.WriteString("holiday", holiday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (scenario.Outage is { } outage)
            {
                json.WriteStartObject("outage");
                json.WriteString("start", Rfc3339(outage.StartMs));
                json.WriteString("end", Rfc3339(outage.EndMs));
                json.WriteString("what", "all API traffic near zero; API counters reset at the end (restart)");
                json.WriteEndObject();
            }

            json.WriteStartObject("anomaly");
            json.WriteString("start", Rfc3339(scenario.Anomaly.StartMs));
            json.WriteString("route", SampleScenario.AnomalyRoute);
            json.WriteString(
                "what",
                "ongoing at the end: successful requests on the route drop to 35 %, 20 % of its usual traffic fails with code 500");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Rfc3339(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
