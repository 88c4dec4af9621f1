using Sidecar.Cli;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Commands;

/// <summary>
/// <c>sidecar cv</c>: rolling cross-validation (<see cref="CrossValidation"/>) of every input series with the resolved
/// model, each fold trained on the trailing fit window before its cutoff; prints the metrics overall and per horizon
/// bucket. Rows labelled anomalous (a <c>label</c> column) are trained on but not scored.
/// </summary>
public sealed class CvCommand : Command
{
    private static readonly FlagSpec Buckets = FlagSpec.Int("buckets", "horizon buckets in the per-horizon table (0 for the overall row only).") with { Default = "4" };

    private readonly ModelFit _fit;

    /// <summary>Creates the command with the production models.</summary>
    public CvCommand()
        : this(ModelFitter.Fit)
    {
    }

    /// <summary>Creates the command with another fitter (tests).</summary>
    public CvCommand(ModelFit fit)
        : base("cv", "Rolling cross-validation of CSV series: accuracy and band metrics per horizon.")
    {
        _fit = fit;
        Flags = [.. EvaluationFlags.Common, .. EvaluationFlags.CrossValidationFlags, Buckets];
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

        int buckets = args.Int(Buckets) ?? 0;
        if (buckets < 0)
        {
            throw new UsageException("--buckets must not be negative");
        }

        if (EvaluationFlags.Jobs(context, "cv") is not { } jobs)
        {
            return Task.FromResult(ExitCodes.Failure);
        }

        var results = new (CrossValidationResult? Result, string? Error)[jobs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };
        Parallel.For(0, jobs.Count, options, i =>
        {
            try
            {
                var s = CsvSeriesReader.Read(jobs[i].InputPath);
                results[i] = (CrossValidation.Run(s.TimestampsMs, s.Values, s.Anomalous, settings.CrossValidation, settings.Replay.Model, _fit), null);
            }
            catch (Exception e) when (e is CsvFormatException or IOException or ArgumentException or InvalidOperationException)
            {
                results[i] = (null, e.Message);
            }
        });

        if (args.String(EvaluationFlags.Format) == "json")
        {
            WriteJson(context.Out, jobs, results, buckets);
        }
        else
        {
            WriteTable(context.Out, jobs, results, buckets, settings.CrossValidation);
        }

        foreach (var (job, (_, error)) in jobs.Zip(results).Where(x => x.Second.Error is not null))
        {
            context.Error.WriteLine($"sidecar cv: {job.RelativePath}: {error}");
        }

        return Task.FromResult(results.Any(r => r.Error is not null) ? ExitCodes.Failure : ExitCodes.Ok);
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<BacktestJob> jobs, (CrossValidationResult? Result, string? Error)[] results, int buckets, CrossValidationOptions cv)
    {
        output.WriteLine($"# initial {MetricsTable.Duration(cv.Initial)}, horizon {MetricsTable.Duration(cv.Horizon)}, period {MetricsTable.Duration(cv.EffectivePeriod)}, train window {MetricsTable.Duration(cv.TrainWindow ?? TimeSpan.Zero)}");
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < jobs.Count; i++)
        {
            if (results[i].Result is not { } r)
            {
                continue;
            }

            rows.Add([jobs[i].RelativePath, "all", r.Folds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. MetricsTable.Values(r.Metrics()).Select(MetricsTable.Cell)]);
            if (buckets > 0)
            {
                foreach (var h in r.MetricsByHorizon(buckets))
                {
                    rows.Add([jobs[i].RelativePath, $"≤{MetricsTable.Duration(h.To)}", string.Empty, .. MetricsTable.Values(h.Metrics).Select(MetricsTable.Cell)]);
                }
            }
        }

        MetricsTable.WriteTable(output, ["series", "horizon", "folds", .. MetricsTable.Columns], rows);
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<BacktestJob> jobs, (CrossValidationResult? Result, string? Error)[] results, int buckets)
    {
        MetricsTable.WriteJson(output, json =>
        {
            json.WriteStartArray();
            for (int i = 0; i < jobs.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("series", jobs[i].RelativePath);
                if (results[i].Result is { } r)
                {
                    json.WriteNumber("folds", r.Folds.Count);
                    json.WritePropertyName("metrics");
                    MetricsTable.WriteJson(json, r.Metrics());
                    json.WriteStartArray("by_horizon");
                    foreach (var h in buckets > 0 ? r.MetricsByHorizon(buckets) : [])
                    {
                        json.WriteStartObject();
                        json.WriteNumber("from_seconds", h.From.TotalSeconds);
                        json.WriteNumber("to_seconds", h.To.TotalSeconds);
                        json.WritePropertyName("metrics");
                        MetricsTable.WriteJson(json, h.Metrics);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }
                else
                {
                    json.WriteString("error", results[i].Error);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }
}
