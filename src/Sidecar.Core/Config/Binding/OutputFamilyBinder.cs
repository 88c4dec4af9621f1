using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads a <c>families:</c> list of output family keys (<see cref="OutputFamily"/>), each at most once, not empty.</summary>
internal static class OutputFamilyBinder
{
    public static IReadOnlyList<OutputFamily>? Bind(BindContext context, YamlNode node, string path)
    {
        if (context.Sequence(node, path) is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            context.Error(node, $"{path}: must name at least one family");
            return null;
        }

        var families = new List<OutputFamily>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (!Scalars.Enum(context, items[i], $"{path}[{i}]", out OutputFamily family))
            {
                ok = false;
            }
            else if (families.Contains(family))
            {
                context.Error(items[i], $"{path}[{i}]: family \"{((YamlScalarNode)items[i]).Value}\" is listed twice");
                ok = false;
            }
            else
            {
                families.Add(family);
            }
        }

        return ok ? families : null;
    }
}
