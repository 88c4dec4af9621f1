using Sidecar.Models.Evaluation;
using Sidecar.Syntax;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads the settings keys shared by <c>defaults:</c> and selectors, and checks the merged result.</summary>
internal static class SettingsBinder
{
    /// <summary>Upper bound on tuning combinations, so a typo in a grid cannot start a days-long search.</summary>
    public const long MaxTuningCandidates = 10_000;

    /// <summary>
    /// The longest <c>fit_every</c>. Schedules run on .NET timers, which cannot wait more than 49.7 days (2^32 − 2
    /// ms); and a model refitted less than monthly serves a stale trend.
    /// </summary>
    public static readonly TimeSpan MaxFitEvery = TimeSpan.FromDays(30);

    /// <summary>The longest <c>infer_every</c>: a score is fresh for minutes, so an inference less than daily scores almost nothing.</summary>
    public static readonly TimeSpan MaxInferEvery = TimeSpan.FromDays(1);

    private static readonly ValueParser<TimeSpan> FitEvery = AtMost(MaxFitEvery, "a model refitted less than monthly serves a stale trend");

    private static readonly ValueParser<TimeSpan> InferEvery = AtMost(MaxInferEvery, "a score is fresh for minutes, so longer gaps leave nothing scored");

    public static readonly string[] Keys =
        ["step", "fit_window", "fit_every", "infer_every", "min_history", "series_ttl", "max_series", "model", "cv", "tuning"];

    internal static readonly string[] CvKeys = ["initial", "horizon", "period"];
    internal static readonly string[] TuningKeys = ["metric", "grid", "tune_every", "min_improvement", "cycle_budget", "alert_hold"];

    /// <summary>The longest <c>tuning.cycle_budget</c>: a cycle runs after every fit, so more than an hour would crowd out the fits themselves.</summary>
    public static readonly TimeSpan MaxCycleBudget = TimeSpan.FromHours(1);

    private static readonly ValueParser<double> MinImprovement = Scalars.Checked<double>(
        Scalars.Double, v => v is >= 0 and < 1, (v, _) => $"must be at least 0 and below 1 (a relative improvement: 0.05 is 5 %), got {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static readonly ValueParser<TimeSpan> CycleBudget = Scalars.Checked<TimeSpan>(
        ModelValues.PositiveDuration, v => v <= MaxCycleBudget,
        (v, _) => $"must be at most {PromDuration.Format(MaxCycleBudget)}, got {PromDuration.Format(v)}: a tuning cycle runs after every fit run and should leave the CPU to the fits");

    /// <summary>Most grid points per series in one fit window (fit_window / step): 1,000,000 is about 11.5 days at 1s.</summary>
    public const long MaxFitPoints = 1_000_000;

    public static SettingsPatch Bind(BindContext context, YamlSection section)
    {
        var patch = new SettingsPatch();
        Duration(context, section, patch, "step", ModelValues.Step, (s, v) => s with { Step = v });
        Duration(context, section, patch, "fit_window", ModelValues.PositiveDuration, (s, v) => s with { FitWindow = v });
        Duration(context, section, patch, "fit_every", FitEvery, (s, v) => s with { FitEvery = v });
        Duration(context, section, patch, "infer_every", InferEvery, (s, v) => s with { InferEvery = v });
        Duration(context, section, patch, "min_history", Scalars.Duration, (s, v) => s with { MinHistory = v });
        Duration(context, section, patch, "series_ttl", ModelValues.PositiveDuration, (s, v) => s with { SeriesTtl = v });
        if (section["max_series"] is { } maxSeries && ModelValues.MaxSeries(context, maxSeries, section.PathOf("max_series"), out var max))
        {
            patch.Set("max_series", maxSeries, s => s with { MaxSeries = max });
        }

        if (section["model"] is { } model && context.Section(model, section.PathOf("model"), ModelKeys.Names) is { } modelSection)
        {
            BindModel(context, modelSection, patch);
        }

        if (section["cv"] is { } cv && context.Section(cv, section.PathOf("cv"), CvKeys) is { } cvSection)
        {
            var cvNode = (YamlNode)cvSection.Node;
            patch.Set("cv", cvNode, s => s);
            Duration(context, cvSection, patch, "initial", ModelValues.PositiveDuration, (s, v) => s with { CrossValidation = s.CrossValidation with { Initial = v } }, "cv.");
            Duration(context, cvSection, patch, "horizon", ModelValues.PositiveDuration, (s, v) => s with { CrossValidation = s.CrossValidation with { Horizon = v } }, "cv.");
            Duration(context, cvSection, patch, "period", ModelValues.PositiveDuration, (s, v) => s with { CrossValidation = s.CrossValidation with { Period = v } }, "cv.");
        }

        if (section["tuning"] is { } tuning && context.Section(tuning, section.PathOf("tuning"), TuningKeys) is { } tuningSection)
        {
            BindTuning(context, tuningSection, patch);
        }

        return patch;
    }

    /// <summary>
    /// Checks rules that span keys, on the merged settings of the defaults or of one selector. Only problems
    /// involving a key <paramref name="own"/> sets are reported, so a mistake in the defaults is reported once, at
    /// the defaults, not again for every selector.
    /// </summary>
    public static void Validate(BindContext context, SelectorSettings settings, SettingsPatch merged, SettingsPatch own, string path)
    {
        if (settings.MinHistory > settings.FitWindow && (own.NodeOf("min_history") ?? own.NodeOf("fit_window")) is { } node)
        {
            context.Error(node,
                $"{path}: min_history ({PromDuration.Format(settings.MinHistory)}) is longer than fit_window ({PromDuration.Format(settings.FitWindow)}): no series would ever be modelled");
        }

        if (settings.Step > TimeSpan.Zero && settings.FitWindow / settings.Step > MaxFitPoints &&
            (own.NodeOf("fit_window") ?? own.NodeOf("step")) is { } pointsNode)
        {
            context.Error(pointsNode,
                $"{path}: fit_window ({PromDuration.Format(settings.FitWindow)}) over step ({PromDuration.Format(settings.Step)}) is " +
                $"{(long)(settings.FitWindow / settings.Step)} points per series, more than {MaxFitPoints}: every fit holds them all; lengthen step or shorten fit_window");
        }

        if (own.NodeOf("tuning") is { } tuningNode && merged.NodeOf("tuning.grid") is null)
        {
            context.Error(tuningNode, $"{path}: tuning needs a grid (grid: {{model_key: [values...]}})");
        }

        var cv = settings.CrossValidation;
        if (settings.Tuning is { IsContinuous: true } && cv.Initial + cv.Horizon > settings.FitWindow &&
            (own.NodeOf("tuning") ?? own.NodeOf("cv") ?? own.NodeOf("fit_window")) is { } foldNode)
        {
            context.Warning(foldNode,
                $"{path}: continuous tuning cross-validates on the fit window, but cv.initial ({PromDuration.Format(cv.Initial)}) plus cv.horizon " +
                $"({PromDuration.Format(cv.Horizon)}) is longer than fit_window ({PromDuration.Format(settings.FitWindow)}): no fold fits and no series is ever tuned; " +
                "shorten cv.initial, or set tuning.tune_every: 0s to keep the grid for sidecartool tune only");
        }
    }

    private static void BindModel(BindContext context, YamlSection model, SettingsPatch patch)
    {
        foreach (var key in ModelKeys.All)
        {
            if (model[key.Name] is { } node && key.Bind(context, node, model.PathOf(key.Name)) is { } change)
            {
                patch.Set("model." + key.Name, node, s => s with { Model = change(s.Model) });
            }
        }
    }

    private static void BindTuning(BindContext context, YamlSection tuning, SettingsPatch patch)
    {
        patch.Set("tuning", tuning.Node, s => s with { Tuning = s.Tuning ?? new TuningConfig() });
        if (tuning["metric"] is { } metricNode && Scalars.Enum<MetricKind>(context, metricNode, tuning.PathOf("metric"), out var metric))
        {
            patch.Set("tuning.metric", metricNode, s => s with { Tuning = (s.Tuning ?? new TuningConfig()) with { Metric = metric } });
        }

        Duration(context, tuning, patch, "tune_every", Scalars.Duration, (s, v) => s with { Tuning = (s.Tuning ?? new TuningConfig()) with { TuneEvery = v } }, "tuning.");
        Duration(context, tuning, patch, "cycle_budget", CycleBudget, (s, v) => s with { Tuning = (s.Tuning ?? new TuningConfig()) with { CycleBudget = v } }, "tuning.");
        Duration(context, tuning, patch, "alert_hold", Scalars.Duration, (s, v) => s with { Tuning = (s.Tuning ?? new TuningConfig()) with { AlertHold = v } }, "tuning.");
        if (tuning["min_improvement"] is { } improvementNode && MinImprovement(context, improvementNode, tuning.PathOf("min_improvement"), out var improvement))
        {
            patch.Set("tuning.min_improvement", improvementNode, s => s with { Tuning = (s.Tuning ?? new TuningConfig()) with { MinImprovement = improvement } });
        }

        if (tuning["grid"] is not { } gridNode)
        {
            return;
        }

        // Marks the grid as given even when it turns out invalid, so its errors are not followed by "needs a grid".
        patch.Set("tuning.grid", gridNode, s => s);

        if (context.Section(gridNode, tuning.PathOf("grid"), ModelKeys.Names) is not { } grid)
        {
            return;
        }

        var axes = new List<TuningParameter>();
        var ok = true;
        foreach (var (keyNode, valuesNode) in grid.Node.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (ModelKeys.Find(name) is not { } key)
            {
                ok = false;
                continue;
            }

            ok &= key.BindAxis(context, valuesNode, grid.PathOf(name), out var axis);
            axes.Add(axis);
        }

        if (TooManyCandidates(axes, grid.Path) is { } tooMany)
        {
            context.Error(gridNode, tooMany);
            ok = false;
        }

        if (ok)
        {
            patch.Set("tuning.grid", gridNode, s => s with { Tuning = (s.Tuning ?? new TuningConfig()) with { Grid = axes } });
        }
    }

    /// <summary>
    /// <c>path: N combinations to try; ...</c> when <paramref name="axes"/> make more than
    /// <see cref="MaxTuningCandidates"/> (an axis without valid values counts once), else null.
    /// </summary>
    internal static string? TooManyCandidates(IEnumerable<TuningParameter> axes, string path)
    {
        var count = axes.Aggregate(1L, (n, a) => n * Math.Max(1, a.Values.Count));
        return count > MaxTuningCandidates ? $"{path}: {count} combinations to try; at most {MaxTuningCandidates} are allowed" : null;
    }

    // series_ttl feeds no timer (it is compared with sample times), so it needs no such bound.
    private static ValueParser<TimeSpan> AtMost(TimeSpan max, string why) => Scalars.Checked<TimeSpan>(
        ModelValues.PositiveDuration,
        v => v <= max,
        (v, _) => $"must be at most {PromDuration.Format(max)}, got {PromDuration.Format(v)}: the schedule runs on timers, which cannot wait longer than 49.7 days, and {why}");

    private static void Duration(BindContext context, YamlSection section, SettingsPatch patch, string key,
        ValueParser<TimeSpan> parse, Func<SelectorSettings, TimeSpan, SelectorSettings> set, string prefix = "")
    {
        if (section[key] is { } node && parse(context, node, section.PathOf(key), out var value))
        {
            patch.Set(prefix + key, node, s => set(s, value));
        }
    }
}
