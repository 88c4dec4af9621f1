using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// The settings keys one mapping (<c>defaults:</c> or a selector) sets, each with its node and its change, keyed by
/// dotted name (<c>step</c>, <c>model.interval_width</c>, <c>cv.horizon</c>). Overlaying a selector's patch on the
/// defaults' gives the key-by-key merge.
/// </summary>
internal sealed class SettingsPatch
{
    private readonly Dictionary<string, (YamlNode Node, Func<SelectorSettings, SelectorSettings> Change)> _entries =
        new(StringComparer.Ordinal);

    public void Set(string key, YamlNode node, Func<SelectorSettings, SelectorSettings> change) => _entries[key] = (node, change);

    /// <summary>The node that set <paramref name="key"/>, or null.</summary>
    public YamlNode? NodeOf(string key) => _entries.TryGetValue(key, out var e) ? e.Node : null;

    /// <summary>A patch with this one's keys over <paramref name="baseline"/>'s.</summary>
    public SettingsPatch Over(SettingsPatch baseline)
    {
        var merged = new SettingsPatch();
        foreach (var (key, entry) in baseline._entries)
        {
            merged._entries[key] = entry;
        }

        foreach (var (key, entry) in _entries)
        {
            merged._entries[key] = entry;
        }

        return merged;
    }

    public SelectorSettings Apply(SelectorSettings start) =>
        _entries.Values.Aggregate(start, (settings, entry) => entry.Change(settings));
}
