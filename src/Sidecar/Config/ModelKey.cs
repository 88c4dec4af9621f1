using Sidecar.Models;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config;

/// <summary>
/// One key of the <c>model:</c> section: its YAML name, how its value is read, and the change it makes. Keys
/// that map onto <see cref="ModelOptions"/> can also be tuning-grid axes.
/// </summary>
internal sealed class ModelKey
{
    private readonly Func<BindContext, YamlNode, string, Func<ModelSettings, ModelSettings>?> _bind;
    private readonly Func<BindContext, YamlNode, string, Func<ModelOptions, ModelOptions>?>? _bindOption;

    private ModelKey(
        string name,
        Func<BindContext, YamlNode, string, Func<ModelSettings, ModelSettings>?> bind,
        Func<BindContext, YamlNode, string, Func<ModelOptions, ModelOptions>?>? bindOption)
    {
        Name = name;
        _bind = bind;
        _bindOption = bindOption;
    }

    /// <summary>The snake_case YAML key.</summary>
    public string Name { get; }

    /// <summary>True when the key maps onto a <see cref="ModelOptions"/> property (and so can be tuned).</summary>
    public bool IsOption => _bindOption is not null;

    /// <summary>A key mapping onto a <see cref="ModelOptions"/> property.</summary>
    public static ModelKey Option<T>(string name, ValueParser<T> parse, Func<ModelOptions, T, ModelOptions> set)
    {
        Func<ModelOptions, ModelOptions>? BindOption(BindContext c, YamlNode n, string p) =>
            parse(c, n, p, out var v) ? o => set(o, v) : null;

        return new ModelKey(
            name,
            (c, n, p) => BindOption(c, n, p) is { } change ? s => s with { Options = change(s.Options) } : null,
            BindOption);
    }

    /// <summary>A key held in <see cref="ModelSettings"/> beside the options (not tunable).</summary>
    public static ModelKey Setting<T>(string name, ValueParser<T> parse, Func<ModelSettings, T, ModelSettings> set) =>
        new(name, (c, n, p) => parse(c, n, p, out var v) ? s => set(s, v) : null, null);

    /// <summary>Reads the value at <paramref name="node"/>; null (reported) when invalid.</summary>
    public Func<ModelSettings, ModelSettings>? Bind(BindContext context, YamlNode node, string path) =>
        _bind(context, node, path);

    /// <summary>Reads the value as a change of model options; null (reported) when invalid.</summary>
    /// <exception cref="InvalidOperationException">The key is not an option (<see cref="IsOption"/> is false).</exception>
    public Func<ModelOptions, ModelOptions>? BindOption(BindContext context, YamlNode node, string path) =>
        (_bindOption ?? throw new InvalidOperationException($"{Name} is not a model option"))(context, node, path);
}
