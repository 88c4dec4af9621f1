using System.Globalization;
using Sidecar.Cli;
using Sidecar.Config.Binding;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Text;
using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Commands;

/// <summary>
/// <c>sidecar tune</c>: cross-validates every combination of a parameter grid (from <c>--grid</c> flags, else the
/// config's <c>tuning:</c> section) on each input series and picks, per series, the one with the lowest
/// <c>--metric</c> (see <see cref="Tuner"/>). Prints every candidate with the winner marked.
/// </summary>
public sealed class TuneCommand : Command
{
    private static readonly FlagSpec Grid = FlagSpec.String("grid", "a grid axis: model key and the values to try, as in a YAML tuning.grid list (e.g. changepoint_prior_scale=0.01,0.1,0.5).", "KEY=V1,V2,...") with { Repeatable = true };
    private static readonly FlagSpec Metric = FlagSpec.String("metric", "metric to minimise (coverage: distance from interval_width; default from config, else rmse).", "METRIC")
        with { Choices = [.. SnakeCase.EnumMembers<MetricKind>().Select(m => m.Name)] };

    private readonly ModelFit _fit;

    /// <summary>Creates the command with the production models.</summary>
    public TuneCommand()
        : this(ModelFitter.Fit)
    {
    }

    /// <summary>Creates the command with another fitter (tests).</summary>
    public TuneCommand(ModelFit fit)
        : base("tune", "Grid-search model settings per CSV series by cross-validation.")
    {
        _fit = fit;
        Flags = [.. EvaluationFlags.Common, .. EvaluationFlags.CrossValidationFlags, Grid, Metric];
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

        var grid = (args.Strings(Grid).Count > 0 ? ParseGrid(args.Strings(Grid)) : settings.Grid)
            ?? throw new UsageException("no grid: give --grid KEY=V1,V2 (repeatable) or a tuning: section in --config.file");
        MetricKind metric = args.String(Metric) is { } m
            ? SnakeCase.EnumMembers<MetricKind>().First(k => k.Name == m).Value
            : settings.Metric;

        if (EvaluationFlags.Jobs(context, "tune") is not { } jobs)
        {
            return Task.FromResult(ExitCodes.Failure);
        }

        var results = new List<(BacktestJob Job, TuningResult? Result, string? Error)>();
        foreach (var job in jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.Error.WriteLine($"tune: {job.RelativePath}: {grid.Count} candidates");
            try
            {
                var s = CsvSeriesReader.Read(job.InputPath);
                results.Add((job, Tuner.Run(s.TimestampsMs, s.Values, s.Anomalous, grid, settings.Replay.Model, settings.CrossValidation, metric, _fit, settings.Parallelism), null));
            }
            catch (Exception e) when (e is CsvFormatException or IOException or ArgumentException)
            {
                results.Add((job, null, e.Message));
                context.Error.WriteLine($"sidecar tune: {job.RelativePath}: {e.Message}");
            }
        }

        if (args.String(EvaluationFlags.Format) == "json")
        {
            WriteJson(context.Out, results);
        }
        else
        {
            WriteTable(context.Out, results);
        }

        return Task.FromResult(results.Any(r => r.Error is not null || r.Result?.Best is null) ? ExitCodes.Failure : ExitCodes.Ok);
    }

    private static TuningGrid ParseGrid(IReadOnlyList<string> axes)
    {
        var parsed = axes.Select(a => EvaluationFlags.KeyValue(Grid, a, "KEY=V1,V2,...")).ToList();
        return ModelKeyText.TryGrid("--grid", parsed, out var grid, out var error) ? grid : throw new UsageException(error);
    }

    private static void WriteTable(TextWriter output, List<(BacktestJob Job, TuningResult? Result, string? Error)> results)
    {
        foreach (var (job, result, _) in results)
        {
            if (result is null)
            {
                continue;
            }

            output.WriteLine($"# {job.RelativePath}: best by {SnakeCase.From(result.Metric.ToString())} = candidate {result.BestIndex}");
            var keys = result.Candidates.Count > 0 ? result.Candidates[0].Settings.Select(s => s.Key).ToList() : [];
            var rows = result.Candidates.Select((c, i) => (IReadOnlyList<string>)
            [
                (i == result.BestIndex ? "* " : "  ") + i.ToString(CultureInfo.InvariantCulture),
                .. c.Settings.Select(s => s.Value),
                .. c.Error is null ? MetricsTable.Values(c.Metrics).Select(MetricsTable.Cell) : [$"error: {c.Error}"],
            ]);
            MetricsTable.WriteTable(output, ["candidate", .. keys, .. MetricsTable.Columns], rows);
            output.WriteLine();
        }
    }

    private static void WriteJson(TextWriter output, List<(BacktestJob Job, TuningResult? Result, string? Error)> results)
    {
        MetricsTable.WriteJson(output, json =>
        {
            json.WriteStartArray();
            foreach (var (job, result, error) in results)
            {
                json.WriteStartObject();
                json.WriteString("series", job.RelativePath);
                if (result is null)
                {
                    json.WriteString("error", error);
                    json.WriteEndObject();
                    continue;
                }

                json.WriteString("metric", SnakeCase.From(result.Metric.ToString()));
                json.WriteNumber("best", result.BestIndex);
                json.WriteStartArray("candidates");
                foreach (var c in result.Candidates)
                {
                    json.WriteStartObject();
                    json.WriteStartObject("settings");
                    foreach (var (key, value) in c.Settings)
                    {
                        json.WriteString(key, value);
                    }

                    json.WriteEndObject();
                    json.WritePropertyName("metrics");
                    MetricsTable.WriteJson(json, c.Metrics);
                    if (c.Error is not null)
                    {
                        json.WriteString("error", c.Error);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }
}
