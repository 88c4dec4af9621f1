using Sidecar.Cli;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Text;
using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Commands;

/// <summary>
/// The flags <c>backtest</c>, <c>cv</c> and <c>tune</c> share, and how they merge with a config file: settings come
/// from <c>--config.file</c> (the <c>--selector</c>'s, else <c>defaults:</c>), else from the built-in defaults
/// (model <c>auto</c>, fit_every 1h, fit_window 14d, min_history 1d); flags override both.
/// </summary>
internal static class EvaluationFlags
{
    public static readonly FlagSpec ConfigFile = FlagSpec.String("config.file", "YAML config whose settings to use (those of --selector, else defaults:).", "FILE");
    public static readonly FlagSpec Selector = FlagSpec.String("selector", "selector of --config.file whose settings to use.", "NAME");
    public static readonly FlagSpec Input = FlagSpec.String("input", "CSV file (timestamp,value[,label...]) or directory of them, read recursively.", "PATH") with { Required = true };
    public static readonly FlagSpec Model = FlagSpec.String("model", "model type.", "TYPE") with { Choices = [.. SnakeCase.EnumMembers<ModelKind>().Select(m => m.Name)] };
    public static readonly FlagSpec IntervalWidth = FlagSpec.Double("interval-width", "band probability, in (0, 1).", "P");
    public static readonly FlagSpec FitEvery = FlagSpec.Duration("fit-every", "time between refits.");
    public static readonly FlagSpec FitWindow = FlagSpec.Duration("fit-window", "trailing history each fit sees.");
    public static readonly FlagSpec MinHistory = FlagSpec.Duration("min-history", "history before the first fit (rows before it get no prediction).");
    public static readonly FlagSpec DetectionDirection = FlagSpec.String("detection-direction", "which side of the band scores.", "DIR") with { Choices = [.. SnakeCase.EnumMembers<Models.DetectionDirection>().Select(m => m.Name)] };
    public static readonly FlagSpec Set = FlagSpec.String("set", "any model key, as in the YAML model: section (e.g. changepoint_prior_scale=0.1).", "KEY=VALUE") with { Repeatable = true };
    public static readonly FlagSpec Parallel = FlagSpec.Int("parallel", "work items processed at once.") with { Default = Math.Max(1, Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture) };
    public static readonly FlagSpec Initial = FlagSpec.Duration("initial", "cross-validation: history before the first cutoff (default from config, else 7d).");
    public static readonly FlagSpec Horizon = FlagSpec.Duration("horizon", "cross-validation: how far each fold predicts (default from config, else 1d).");
    public static readonly FlagSpec Period = FlagSpec.Duration("period", "cross-validation: cutoff spacing (default horizon/2).");
    public static readonly FlagSpec Format = FlagSpec.String("format", "output format.", "FORMAT") with { Choices = ["table", "json"], Default = "table" };

    /// <summary>Flags every evaluation command takes.</summary>
    public static IReadOnlyList<FlagSpec> Common =>
        [ConfigFile, Selector, Input, Model, IntervalWidth, FitEvery, FitWindow, MinHistory, DetectionDirection, Set, Parallel];

    /// <summary>Cross-validation flags (cv, tune).</summary>
    public static IReadOnlyList<FlagSpec> CrossValidationFlags => [Initial, Horizon, Period, Format];

    /// <summary>
    /// Merges config and flags. Returns null after writing every config problem to <paramref name="error"/>.
    /// </summary>
    /// <exception cref="UsageException">A flag value or combination is wrong.</exception>
    public static EvaluationSettings? Resolve(ParsedArguments args, TextWriter error)
    {
        SelectorSettings settings = new();
        if (args.String(ConfigFile) is { } file)
        {
            ConfigLoadResult loaded = ConfigLoader.LoadFile(file);
            foreach (var d in loaded.Diagnostics)
            {
                error.WriteLine(d.ToString());
            }

            if (loaded.Config is not { } config)
            {
                return null;
            }

            if (args.String(Selector) is { } name)
            {
                SelectorConfig? selector = config.FindSelector(name);
                if (selector is null)
                {
                    error.WriteLine($"{file}: no selector named '{name}' (known: {string.Join(", ", config.Selectors.Select(s => s.Name))})");
                    return null;
                }

                settings = selector.Settings;
            }
            else
            {
                settings = config.Defaults;
            }
        }
        else if (args.IsSet(Selector))
        {
            throw new UsageException("--selector needs --config.file");
        }

        var model = ApplyModelFlags(args, settings.Model);
        var replay = new ReplayOptions
        {
            FitEvery = args.Duration(FitEvery) ?? settings.FitEvery,
            FitWindow = args.Duration(FitWindow) ?? settings.FitWindow,
            MinHistory = args.Duration(MinHistory) ?? settings.MinHistory,
            Model = model,
        };
        var cv = new CrossValidationOptions
        {
            Initial = args.Duration(Initial) ?? settings.CrossValidation.Initial,
            Horizon = args.Duration(Horizon) ?? settings.CrossValidation.Horizon,
            Period = args.Duration(Period) ?? settings.CrossValidation.Period,
            TrainWindow = replay.FitWindow,
        };
        try
        {
            replay.Validate();
            cv.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        int parallel = args.Int(Parallel) ?? 1;
        if (parallel < 1)
        {
            throw new UsageException("--parallel must be at least 1");
        }

        var grid = settings.Tuning is { Grid.Count: > 0 } tuning ? new TuningGrid(tuning.Grid) : null;
        var metric = settings.Tuning?.Metric ?? MetricKind.Rmse;
        return new EvaluationSettings(replay, cv, grid, metric, parallel);
    }

    /// <summary>
    /// The jobs of <c>--input</c>: each file with its output path under <paramref name="output"/>, or with none when
    /// <paramref name="output"/> is null. Null after writing why to the error stream (no input, no CSV file in it,
    /// output over input).
    /// </summary>
    public static IReadOnlyList<BacktestJob>? Jobs(CommandContext context, string command, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Args.String(Input)!;
        try
        {
            return output is null ? InputSet.Inputs(input) : InputSet.Resolve(input, output);
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException)
        {
            context.Error.WriteLine($"sidecar {command}: {e.Message}");
            return null;
        }
    }

    /// <summary>Splits a <c>KEY=VALUE</c> flag value; the key and value are trimmed and neither may be empty.</summary>
    /// <exception cref="UsageException">No <c>=</c>, or an empty key or value.</exception>
    public static (string Key, string Value) KeyValue(FlagSpec flag, string text, string form)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        var (key, value) = eq < 0 ? ("", "") : (text[..eq].Trim(), text[(eq + 1)..].Trim());
        if (key.Length == 0 || value.Length == 0)
        {
            throw new UsageException($"--{flag.Name} {text}: expected {form}");
        }

        return (key, value);
    }

    // --model, --interval-width and --detection-direction are shorthands for their model keys; all are read as
    // YAML model keys are, in the order the flags are listed.
    private static ModelOptions ApplyModelFlags(ParsedArguments args, ModelOptions model)
    {
        var settings = new List<(FlagSpec Flag, string Key, string Value)>();
        foreach (var (flag, key) in new[] { (Model, "type"), (IntervalWidth, "interval_width"), (DetectionDirection, "detection_direction") })
        {
            if (args.String(flag) is { } value)
            {
                settings.Add((flag, key, value));
            }
        }

        foreach (string text in args.Strings(Set))
        {
            var (key, value) = KeyValue(Set, text, "KEY=VALUE");
            settings.Add((Set, key, value));
        }

        var errors = new List<string>();
        foreach (var (flag, key, value) in settings)
        {
            if (ModelKeyText.TrySetting($"--{flag.Name}", key, value, out var change, out var error))
            {
                model = change(model);
            }
            else
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0 ? model : throw new UsageException(string.Join("; ", errors));
    }
}
