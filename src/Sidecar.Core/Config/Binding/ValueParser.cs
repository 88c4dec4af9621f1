using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads one typed value from a YAML node; reports into <paramref name="context"/> and returns false when it cannot.</summary>
internal delegate bool ValueParser<T>(BindContext context, YamlNode node, string path, out T value);
