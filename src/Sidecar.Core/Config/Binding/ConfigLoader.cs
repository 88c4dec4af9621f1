using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Loads a sidecar YAML config into a <see cref="SidecarConfig"/>, reporting every problem at once with its
/// line and column: YAML syntax, unknown keys, wrong types, bad values and cross-references. Relative file paths
/// in the config (<c>ca_file</c>, <c>password_file</c>, ...) are resolved against the config file's directory,
/// as Prometheus does. Thread-safe (stateless).
/// </summary>
public static class ConfigLoader
{
    internal static readonly string[] TopKeys = ["remote_read", "defaults", "selectors", "output_naming"];

    /// <summary>Reads and loads the file at <paramref name="path"/>; an unreadable file is one diagnostic.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new ConfigLoadResult(null, [new ConfigDiagnostic(path, 0, 0, ConfigSeverity.Error, $"cannot read file: {e.Message}")]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Load(text, path, directory);
    }

    /// <summary>Loads YAML <paramref name="yaml"/>; diagnostics name <paramref name="fileName"/>.</summary>
    /// <param name="yaml">The config text.</param>
    /// <param name="fileName">Shown in diagnostics.</param>
    /// <param name="baseDirectory">Relative paths in the config are resolved against it; the current directory when null.</param>
    public static ConfigLoadResult Load(string yaml, string fileName, string? baseDirectory = null)
    {
        var context = new BindContext(fileName, yaml, baseDirectory ?? Directory.GetCurrentDirectory());
        var root = Parse(context, yaml);
        var config = root is null ? new SidecarConfig() : Bind(context, root);
        var diagnostics = context.Diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i)
            .Select(x => x.d)
            .ToArray();
        return new ConfigLoadResult(context.HasErrors ? null : config, diagnostics);
    }

    /// <summary>Parses one YAML document; null (reported) when it does not parse or is empty.</summary>
    internal static YamlNode? Parse(BindContext context, string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var stream = new YamlStream();
        try
        {
            stream.Load(new DuplicateKeyFilter(new Parser(scanner), context.Error));
        }
        catch (YamlException e)
        {
            context.Error(e.Start, $"invalid YAML: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed flow collections; point at where it stopped.
            context.Error(scanner.CurrentPosition, "invalid YAML: unexpected text (an unclosed [ or { ?)");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, "expected a single YAML document");
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static SidecarConfig Bind(BindContext context, YamlNode root)
    {
        if (BindContext.IsNull(root))
        {
            return new SidecarConfig();
        }

        if (context.Section(root, "", TopKeys) is not { } top)
        {
            return new SidecarConfig();
        }

        var remoteReads = top["remote_read"] is { } rr ? RemoteReadBinder.Bind(context, rr) : [];
        var defaultsPatch = new SettingsPatch();
        if (top["defaults"] is { } defaultsNode && context.Section(defaultsNode, "defaults", SettingsBinder.Keys) is { } defaultsSection)
        {
            defaultsPatch = SettingsBinder.Bind(context, defaultsSection);
        }

        var defaults = defaultsPatch.Apply(new SelectorSettings());
        SettingsBinder.Validate(context, defaults, defaultsPatch, defaultsPatch, "defaults");

        var selectors = top["selectors"] is { } sel ? SelectorBinder.Bind(context, sel, remoteReads, defaultsPatch) : [];
        if (remoteReads.Count == 0 && top["selectors"] is YamlSequenceNode { Children.Count: > 0 } selNode)
        {
            context.Error(selNode, "selectors: there is no remote_read entry to read them from");
        }

        var naming = OutputNaming.Default;
        if (top["output_naming"] is { } on && Scalars.Enum(context, on, "output_naming", out OutputNaming parsed))
        {
            naming = parsed;
        }

        return new SidecarConfig
        {
            RemoteReads = remoteReads,
            Defaults = defaults,
            Selectors = selectors,
            OutputNaming = naming,
        };
    }
}
