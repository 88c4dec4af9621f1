using Sidecar.Models;
using Sidecar.Models.Evaluation;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// One key of the <c>model:</c> section: its YAML name, how its value is read, and the <see cref="ModelOptions"/>
/// property it sets. Every key can also be a tuning-grid axis.
/// </summary>
internal sealed class ModelKey
{
    private readonly Func<BindContext, YamlNode, string, Func<ModelOptions, ModelOptions>?> _bind;

    private ModelKey(string name, string property, Func<BindContext, YamlNode, string, Func<ModelOptions, ModelOptions>?> bind)
    {
        Name = name;
        Property = property;
        _bind = bind;
    }

    /// <summary>The snake_case YAML key.</summary>
    public string Name { get; }

    /// <summary>The <see cref="ModelOptions"/> property it sets.</summary>
    public string Property { get; }

    /// <summary>A key setting <paramref name="property"/> to the value <paramref name="parse"/> reads.</summary>
    public static ModelKey Of<T>(string name, string property, ValueParser<T> parse, Func<ModelOptions, T, ModelOptions> set) =>
        new(name, property, (c, n, p) => parse(c, n, p, out var v) ? o => set(o, v) : null);

    /// <summary>Reads the value at <paramref name="node"/> as a change of model options; null (reported) when invalid.</summary>
    public Func<ModelOptions, ModelOptions>? Bind(BindContext context, YamlNode node, string path) => _bind(context, node, path);

    /// <summary>
    /// Reads the list at <paramref name="node"/> as a tuning grid axis: at least one value, each read as this key's
    /// value. False (reported) when any is invalid; <paramref name="axis"/> then holds the valid ones.
    /// </summary>
    public bool BindAxis(BindContext context, YamlNode node, string path, out TuningParameter axis)
    {
        var values = new List<TuningValue>();
        axis = new TuningParameter(Name, values);
        if (context.Sequence(node, path) is not { } items)
        {
            return false;
        }

        if (items.Count == 0)
        {
            context.Error(node, $"{path}: give at least one value to try");
            return false;
        }

        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (Bind(context, items[i], $"{path}[{i}]") is { } apply)
            {
                values.Add(new TuningValue(items[i] is YamlScalarNode s ? s.Value ?? "" : items[i].ToString(), apply));
            }
            else
            {
                ok = false;
            }
        }

        return ok;
    }
}
