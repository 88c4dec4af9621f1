using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>A YAML mapping being bound: values by key, with the path used in messages.</summary>
internal sealed class YamlSection
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlSection(YamlMappingNode node, string path)
    {
        Node = node;
        Path = path;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _entries.TryAdd(name, (key, value));
            }
        }
    }

    public YamlMappingNode Node { get; }

    /// <summary>Dotted path of this mapping, e.g. <c>selectors[2].model</c>; empty at the top.</summary>
    public string Path { get; }

    /// <summary>The value of <paramref name="key"/>, or null when absent or written as null.</summary>
    public YamlNode? this[string key] =>
        _entries.TryGetValue(key, out var entry) && !BindContext.IsNull(entry.Value) ? entry.Value : null;

    /// <summary>The key node itself (for positions), or null when absent.</summary>
    public YamlNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>The dotted path of <paramref name="key"/> in this mapping.</summary>
    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";
}
