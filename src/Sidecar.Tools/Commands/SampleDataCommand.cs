using System.Globalization;
using Sidecar.Cli;
using Sidecar.Syntax;
using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Commands;

/// <summary>
/// <c>sidecar sample-data --out DIR</c>: writes days of realistic, deterministic messaging-platform traffic ending
/// now (<c>http_requests_total</c> counters, <c>queue_depth</c> gauges; daily and weekly cycles, a holiday, a past
/// outage, an anomaly in the last 15 minutes) as OpenMetrics files for
/// <c>promtool tsdb create-blocks-from openmetrics FILE DATA_DIR</c>, one file per two-hour block, plus
/// <c>sample-data.json</c> describing the scenario. With <c>--serve</c> it then serves the same series live on
/// <c>/metrics</c>, continuing from the files, so that the traffic goes on after the backfilled history ends.
/// </summary>
public sealed class SampleDataCommand : Command
{
    private static readonly FlagSpec Out = FlagSpec.String("out", "Directory to write into (created; earlier block files replaced).", "DIR") with
    {
        Required = true,
        Short = 'o',
    };

    private static readonly FlagSpec End = FlagSpec.Timestamp("end", "Time of the last sample (default: now). Never in the future.");
    private static readonly FlagSpec Days = FlagSpec.Int("days", "Days of history.") with { Default = "14" };
    private static readonly FlagSpec Series = FlagSpec.Int("series", "Number of series (about one in fifteen is a queue_depth gauge).") with { Default = "30" };
    private static readonly FlagSpec Interval = FlagSpec.Duration("interval", "Scrape interval: spacing of the samples.") with { Default = "1m" };
    private static readonly FlagSpec AnomalyLead = FlagSpec.Duration("anomaly-lead", "How long before --end the ongoing anomaly starts.") with { Default = "15m" };
    private static readonly FlagSpec Seed = FlagSpec.Int("seed", "Seed of the random noise; the same flags give the same bytes.") with { Default = "1" };
    private static readonly FlagSpec TimeZone = FlagSpec.String("time-zone", "IANA time zone of the users' daily cycle, weekends and holiday.", "ZONE") with
    {
        Default = "Europe/Berlin",
    };

    private static readonly FlagSpec Serve = FlagSpec.String(
        "serve",
        "After writing, serve the same series live on ADDRESS/metrics (continuing from the files) until stopped.",
        "ADDRESS");

    private readonly TimeProvider _time;

    /// <summary>Creates the command; <paramref name="time"/> supplies "now" for the default end.</summary>
    public SampleDataCommand(TimeProvider time)
        : base("sample-data", "Write sample traffic (OpenMetrics, one file per 2h block) for promtool tsdb create-blocks-from openmetrics.")
    {
        _time = time;
        Flags = [Out, End, Days, Series, Interval, AnomalyLead, Seed, TimeZone, Serve];
    }

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var end = context.Args.Timestamp(End) ?? now;
        if (end > now)
        {
            throw new UsageException($"--end {end:O} is in the future; Prometheus would drop samples it backfills ahead of its clock");
        }

        var options = new SampleDataOptions
        {
            End = end,
            Days = context.Args.Int(Days)!.Value,
            Series = context.Args.Int(Series)!.Value,
            Interval = context.Args.Duration(Interval)!.Value,
            AnomalyLead = context.Args.Duration(AnomalyLead)!.Value,
            Seed = context.Args.Int(Seed)!.Value,
            TimeZone = context.Args.String(TimeZone)!,
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }

        ListenAddress? serve = null;
        if (context.Args.String(Serve) is { } serveText)
        {
            serve = ListenAddress.TryParse(serveText, out var error) ?? throw new UsageException($"--serve: {error}");
        }

        var directory = context.Args.String(Out)!;
        SampleDataSummary summary;
        try
        {
            summary = await Task.Run(() => SampleDataWriter.Write(options, directory), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"sidecar: error: writing sample data to {directory}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await context.Out.WriteLineAsync(Describe(summary, directory)).ConfigureAwait(false);
        if (serve is null)
        {
            return ExitCodes.Ok;
        }

        var live = LiveSampleTraffic.Create(options);
        await context.Out.WriteLineAsync($"serving the same series live on {serve}/metrics (scrape with honor_labels: true); Ctrl-C to stop")
            .ConfigureAwait(false);
        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SampleTrafficServer.RunAsync(live, serve, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await context.Error.WriteLineAsync($"sidecar: error: serving on {serve}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }

    private static string Describe(SampleDataSummary summary, string directory)
    {
        var s = summary.Scenario;
        string Local(long unixMs) => s.LocalTime(unixMs / 1000).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {summary.Files.Count} files, {summary.Series.Count} series, {summary.SampleCount} samples to {directory}"),
            $"  from {Local(s.StartSeconds * 1000)} to {Local(s.EndSeconds * 1000)} ({s.Zone.Id})",
        };
        if (s.Holiday is { } holiday)
        {
            lines.Add($"  holiday  {holiday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({holiday.DayOfWeek})");
        }

        if (s.Outage is { } outage)
        {
            lines.Add($"  outage   {Local(outage.StartMs)} for 1h (API traffic near zero, counters reset after)");
        }

        lines.Add($"  anomaly  since {Local(s.Anomaly.StartMs)}, ongoing: {SampleScenario.AnomalyRoute} successes drop, 500s surge");
        return string.Join('\n', lines);
    }
}
