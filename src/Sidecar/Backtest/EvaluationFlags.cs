using Sidecar.Cli;
using Sidecar.Config;
using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Backtest;

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
    public static readonly FlagSpec Model = FlagSpec.String("model", "model type.", "TYPE") with { Choices = [.. Enum.GetValues<ModelKind>().Select(k => ModelOptionsSetting.SnakeCase(k.ToString()))] };
    public static readonly FlagSpec IntervalWidth = FlagSpec.Double("interval-width", "band probability, in (0, 1).", "P");
    public static readonly FlagSpec FitEvery = FlagSpec.Duration("fit-every", "time between refits.");
    public static readonly FlagSpec FitWindow = FlagSpec.Duration("fit-window", "trailing history each fit sees.");
    public static readonly FlagSpec MinHistory = FlagSpec.Duration("min-history", "history before the first fit (rows before it get no prediction).");
    public static readonly FlagSpec DetectionDirection = FlagSpec.String("detection-direction", "which side of the band scores.", "DIR") with { Choices = ["both", "above", "below"] };
    public static readonly FlagSpec Set = FlagSpec.String("set", "any model key, as in the YAML model: section (e.g. changepoint_prior_scale=0.1); repeatable.", "KEY=VALUE") with { Repeatable = true };
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

        ModelOptions model = settings.Model;
        try
        {
            if (args.String(Model) is { } kind)
            {
                model = ModelOptionsSetting.Apply(model, "type", kind);
            }

            if (args.Double(IntervalWidth) is { } width)
            {
                model = ModelOptionsSetting.Apply(model, "interval_width", width.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }

            if (args.String(DetectionDirection) is { } direction)
            {
                model = ModelOptionsSetting.Apply(model, "detection_direction", direction);
            }

            foreach (string kv in args.Strings(Set))
            {
                int eq = kv.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new UsageException($"--set {kv}: expected KEY=VALUE");
                }

                model = ModelOptionsSetting.Apply(model, kv[..eq].Trim(), kv[(eq + 1)..]);
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

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

        var grid = settings.Tuning is { } tuning ? ConfigGrid(tuning, model) : [];
        var metric = settings.Tuning?.Metric ?? MetricKind.Rmse;
        return new EvaluationSettings(replay, cv, grid, metric, parallel);
    }

    private static List<(ModelOptions, IReadOnlyList<KeyValuePair<string, string>>)> ConfigGrid(TuningConfig tuning, ModelOptions baseline)
    {
        var combos = new List<(ModelOptions Options, IReadOnlyList<KeyValuePair<string, string>> Settings)> { (baseline, []) };
        foreach (TuningParameter parameter in tuning.Grid)
        {
            combos = combos
                .SelectMany(c => parameter.Values.Select(v => (v.Apply(c.Options), (IReadOnlyList<KeyValuePair<string, string>>)[.. c.Settings, new(parameter.Key, v.Text)])))
                .ToList();
        }

        return tuning.Grid.Count == 0 ? [] : combos;
    }
}
