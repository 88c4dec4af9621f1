using System.Diagnostics.CodeAnalysis;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.Text;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Model keys given as text outside a config file — <c>sidecar backtest/cv/tune --set KEY=VALUE</c> and
/// <c>--grid KEY=V1,V2,...</c> — read through the same <see cref="ModelKeys"/> table as the <c>model:</c> section
/// and <c>tuning.grid</c>: the same keys, the same checks and the same messages, with the flag and key as the path
/// (<c>--set interval_width: must be between 0 and 1, exclusive, got 1.5</c>). A value is written as in YAML
/// (<c>0.1</c>, <c>auto</c>, <c>1h30m</c>, <c>[US, GB]</c>, <c>[{name: monthly, period: 30d, fourier_order: 5}]</c>);
/// grid values are the items of a YAML flow list, so <c>--grid KEY=V1,V2</c> means <c>KEY: [V1,V2]</c> in
/// <c>tuning.grid</c>. Thread-safe (stateless).
/// </summary>
public static class ModelKeyText
{
    /// <summary>Reads <paramref name="value"/> as the value of model key <paramref name="key"/>.</summary>
    /// <param name="source">Where the text came from, shown first in messages (e.g. <c>--set</c>).</param>
    /// <param name="key">The model key, as in YAML.</param>
    /// <param name="value">The value, as in YAML.</param>
    /// <param name="change">The change it makes to model options.</param>
    /// <param name="error">Every problem, <c>; </c>-separated.</param>
    public static bool TrySetting(string source, string key, string value,
        [NotNullWhen(true)] out Func<ModelOptions, ModelOptions>? change, [NotNullWhen(false)] out string? error)
    {
        change = Bind(source, key, value, (k, context, node, path) => k.Bind(context, node, path), out error);
        return change is not null;
    }

    /// <summary>Reads a tuning grid from axes written <c>KEY</c> and <c>V1,V2,...</c>; keys may not repeat.</summary>
    /// <param name="source">Where the text came from, shown first in messages (e.g. <c>--grid</c>).</param>
    /// <param name="axes">Each axis: the model key and its values, comma-separated as in a YAML flow list.</param>
    /// <param name="grid">The grid, its axes in the order given.</param>
    /// <param name="error">Every problem, <c>; </c>-separated.</param>
    public static bool TryGrid(string source, IEnumerable<(string Key, string Values)> axes,
        [NotNullWhen(true)] out TuningGrid? grid, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(axes);
        grid = null;
        var parameters = new List<TuningParameter>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, values) in axes)
        {
            if (!seen.Add(key))
            {
                errors.Add($"{source}: duplicate key \"{key}\"");
                continue;
            }

            var axis = Bind(source, key, $"[{values}]",
                (k, context, node, path) => k.BindAxis(context, node, path, out var a) ? a : null, out var axisError);
            if (axis is null)
            {
                errors.Add(axisError!);
            }
            else
            {
                parameters.Add(axis);
            }
        }

        if (SettingsBinder.TooManyCandidates(parameters, source) is { } tooMany)
        {
            errors.Add(tooMany);
        }

        error = errors.Count > 0 ? string.Join("; ", errors) : null;
        if (error is null)
        {
            grid = new TuningGrid(parameters);
        }

        return grid is not null;
    }

    private static T? Bind<T>(string source, string key, string yaml,
        Func<ModelKey, BindContext, YamlNode, string, T?> bind, out string? error)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(yaml);
        if (ModelKeys.Find(key) is not { } modelKey)
        {
            error = $"{source}: unknown key \"{key}\" in model{Suggest.Hint(key, ModelKeys.Names)}; model keys: {string.Join(", ", ModelKeys.Names)}";
            return null;
        }

        var path = $"{source} {key}";
        var context = new BindContext(source, yaml, Directory.GetCurrentDirectory());
        var result = ConfigLoader.Parse(context, yaml) is { } node ? bind(modelKey, context, node, path) : null;
        if (result is null || context.HasErrors)
        {
            // Value messages start with their path; YAML syntax and duplicate-key ones have none of their own.
            error = string.Join("; ", context.Diagnostics
                .Select(d => d.Message.StartsWith(path, StringComparison.Ordinal) ? d.Message : $"{path}: {d.Message}")
                .DefaultIfEmpty($"{path}: no value"));
            return null;
        }

        error = null;
        return result;
    }
}
