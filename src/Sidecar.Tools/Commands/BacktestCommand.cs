using System.Globalization;
using Sidecar.Cli;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Commands;

/// <summary>
/// <c>sidecar backtest</c>: replays CSV series causally, exactly as the running sidecar would score them, and writes
/// <c>timestamp,value,predicted,predicted_lower,predicted_upper,anomaly_score</c> per row (see
/// <see cref="CausalReplay"/>), optionally with a PNG-per-series report, and with <c>--exclusions</c> the exclusions
/// people made (the API's or the state's format) applied as training exclusions, and with <c>--labels</c> labelled
/// windows (NAB's format) drawn and zoomed in on in the report. Prints a per-file summary on stdout and
/// progress on stderr.
/// </summary>
public sealed class BacktestCommand : Command
{
    private static readonly FlagSpec Output = FlagSpec.String("output", "result CSV file, or directory mirroring the input's relative paths.", "PATH") with { Required = true };
    private static readonly FlagSpec Report = FlagSpec.String("report", "directory for one PNG per series and an index.html.", "DIR");
    private static readonly FlagSpec Exclusions = FlagSpec.String(
        "exclusions", "exclusions to apply, as exclusions.json or GET /api/v1/exclusions gives them; a file's label is file=\"<path relative to --input>\".", "FILE");
    private static readonly FlagSpec Labels = FlagSpec.String(
        "labels", "labelled anomaly windows to draw and zoom in on in the --report, in NAB's combined_windows.json format: {\"<path relative to --input>\": [[start, end], ...]}.", "FILE");
    private static readonly FlagSpec ReportPanelsFlag = FlagSpec.Int(
        "report-panels", "most zoomed pictures per file in the --report for alert episodes (the highest peak scores), and as many for labelled windows (the first).") with
    { Default = ReportPanels.DefaultMaxPanels.ToString(CultureInfo.InvariantCulture) };
    private static readonly FlagSpec Quiet = FlagSpec.Bool("quiet", "no progress lines on stderr.");

    private readonly ModelFit _fit;

    /// <summary>Creates the command with the production models.</summary>
    public BacktestCommand()
        : this(ModelFitter.Fit)
    {
    }

    /// <summary>Creates the command with another fitter (tests).</summary>
    public BacktestCommand(ModelFit fit)
        : base("backtest", "Replay CSV series causally and write predictions, bands and anomaly scores.")
    {
        _fit = fit;
        Flags = [.. EvaluationFlags.Common, Output, Report, Exclusions, Labels, ReportPanelsFlag, Quiet];
    }

    /// <inheritdoc />
    public override Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var args = context.Args;
        if (EvaluationFlags.Resolve(args, context.Error) is not { } settings)
        {
            return Task.FromResult(ExitCodes.Failure);
        }

        if (EvaluationFlags.Jobs(context, "backtest", args.String(Output)!) is not { } jobs)
        {
            return Task.FromResult(ExitCodes.Failure);
        }

        IReadOnlyList<BacktestExclusion> exclusions = [];
        if (args.String(Exclusions) is { } exclusionsFile)
        {
            try
            {
                exclusions = ExclusionsFile.Read(exclusionsFile);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"sidecar backtest: --exclusions: {e.Message}");
                return Task.FromResult(ExitCodes.Failure);
            }
        }

        int maxPanels = args.Int(ReportPanelsFlag) ?? ReportPanels.DefaultMaxPanels;
        if (maxPanels < 0)
        {
            context.Error.WriteLine($"sidecar backtest: --report-panels must be zero or more, got {maxPanels}");
            return Task.FromResult(ExitCodes.Failure);
        }

        LabelledWindows? labels = null;
        if (args.String(Labels) is { } labelsFile)
        {
            if (args.String(Report) is null)
            {
                context.Error.WriteLine("sidecar backtest: --labels is drawn in the report: give --report DIR too");
                return Task.FromResult(ExitCodes.Failure);
            }

            try
            {
                labels = LabelledWindows.Read(labelsFile);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"sidecar backtest: --labels: {e.Message}");
                return Task.FromResult(ExitCodes.Failure);
            }

            var unlabelled = jobs.Where(j => labels.For(j.RelativePath) is null).Select(j => j.RelativePath).ToList();
            if (unlabelled.Count > 0)
            {
                context.Error.WriteLine(
                    $"sidecar backtest: warning: --labels has no entry for {unlabelled.Count} of {jobs.Count} file(s) ({string.Join(", ", unlabelled.Take(3))}{(unlabelled.Count > 3 ? ", ..." : "")}); they are drawn without labelled windows");
            }
        }

        var runner = new BacktestRunner(
            new BacktestSettings
            {
                Replay = settings.Replay, Parallelism = settings.Parallelism, ReportDirectory = args.String(Report),
                Exclusions = exclusions, Labels = labels, MaxReportPanels = maxPanels, Selector = args.String(EvaluationFlags.Selector),
            },
            _fit,
            args.Bool(Quiet) ? null : context.Error);
        var summaries = runner.Run(jobs, cancellationToken);
        WriteSummary(context.Out, summaries);
        foreach (var failed in summaries.Where(s => s.Error is not null))
        {
            context.Error.WriteLine($"sidecar backtest: {failed.Error}");
        }

        return Task.FromResult(summaries.Any(s => s.Error is not null) ? ExitCodes.Failure : ExitCodes.Ok);
    }

    private static void WriteSummary(TextWriter output, IReadOnlyList<FileSummary> summaries)
    {
        var rows = summaries.Where(s => s.Error is null).Select(s => (IReadOnlyList<string>)
        [
            s.Job.RelativePath, s.Rows.ToString(CultureInfo.InvariantCulture),
            s.Scored.ToString(CultureInfo.InvariantCulture),
            s.Flagged.ToString(CultureInfo.InvariantCulture),
            MetricsTable.Cell(s.Scored > 0 ? 100.0 * s.Flagged / s.Scored : double.NaN),
            s.Fits.ToString(CultureInfo.InvariantCulture),
            MetricsTable.Cell(s.Coverage), MetricsTable.Cell(s.MeanBandWidth), s.Seconds.ToString("F1", CultureInfo.InvariantCulture),
        ]).ToList();
        var ok = summaries.Where(s => s.Error is null).ToList();
        long scored = ok.Sum(s => (long)s.Scored);
        long flagged = ok.Sum(s => (long)s.Flagged);
        rows.Add(
        [
            "TOTAL", ok.Sum(s => (long)s.Rows).ToString(CultureInfo.InvariantCulture),
            scored.ToString(CultureInfo.InvariantCulture), flagged.ToString(CultureInfo.InvariantCulture),
            MetricsTable.Cell(scored > 0 ? 100.0 * flagged / scored : double.NaN),
            ok.Sum(s => (long)s.Fits).ToString(CultureInfo.InvariantCulture), "-", "-",
            ok.Sum(s => s.Seconds).ToString("F1", CultureInfo.InvariantCulture),
        ]);
        MetricsTable.WriteTable(output, ["series", "rows", "scored", "flagged", "flagged_%", "fits", "coverage", "band_width", "seconds"], rows);
    }
}
