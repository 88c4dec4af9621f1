using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads and checks the <c>exposition:</c> section.</summary>
internal static class ExpositionBinder
{
    internal static readonly string[] Keys = ["families"];

    public static ExpositionConfig Bind(BindContext context, YamlNode node)
    {
        var exposition = new ExpositionConfig();
        if (context.Section(node, "exposition", Keys) is not { } section)
        {
            return exposition;
        }

        if (section["families"] is { } families && OutputFamilyBinder.Bind(context, families, section.PathOf("families")) is { } bound)
        {
            exposition = exposition with { Families = bound };
        }

        return exposition;
    }
}
