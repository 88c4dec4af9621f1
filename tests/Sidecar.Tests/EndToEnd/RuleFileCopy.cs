using YamlDotNet.RepresentationModel;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// Copies groups of a shipped rule file with every <c>for</c>, <c>keep_firing_for</c> and group <c>interval</c> shortened
/// (both durations to the same short one), so an end-to-end
/// test exercises the real expressions, labels and annotations in seconds instead of minutes.
/// </summary>
internal static class RuleFileCopy
{
    public static string Write(string source, string destination, IReadOnlyCollection<string> groups, string forDuration, string interval)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(source))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var all = (YamlSequenceNode)root.Children[new YamlScalarNode("groups")];
        var kept = new YamlSequenceNode();
        foreach (var group in all.Children.Cast<YamlMappingNode>())
        {
            var name = ((YamlScalarNode)group.Children[new YamlScalarNode("name")]).Value!;
            if (!groups.Contains(name))
            {
                continue;
            }

            group.Children[new YamlScalarNode("interval")] = new YamlScalarNode(interval);
            foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            {
                foreach (var key in new[] { "for", "keep_firing_for" })
                {
                    if (rule.Children.ContainsKey(new YamlScalarNode(key)))
                    {
                        rule.Children[new YamlScalarNode(key)] = new YamlScalarNode(forDuration);
                    }
                }
            }

            kept.Add(group);
        }

        Assert.Equal(groups.Count, kept.Children.Count);
        root.Children[new YamlScalarNode("groups")] = kept;
        using (var writer = new StreamWriter(destination))
        {
            yaml.Save(writer, assignAnchors: false);
        }

        return destination;
    }
}
