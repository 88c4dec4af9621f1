using System.Text;
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
    internal static readonly string[] TopKeys = ["remote_read", "query_range", "defaults", "selectors", "output_naming", "remote_write", "exposition", "alertmanager"];

    /// <summary>Largest config accepted, in bytes (UTF-8 on disk, UTF-16 characters in memory): far above any real one.</summary>
    public const int MaxBytes = 4 << 20;

    /// <summary>Deepest nesting of mappings and sequences accepted; the sidecar's own schema needs six.</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads and loads the file at <paramref name="path"/>; an unreadable file is one diagnostic.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = ReadBounded(path);
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
        var root = ParseBounded(context, yaml);
        var config = root is null ? new SidecarConfig() : Bind(context, root);
        var diagnostics = context.Diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i)
            .Select(x => x.d)
            .ToArray();
        return new ConfigLoadResult(context.HasErrors ? null : config, diagnostics);
    }

    /// <summary>
    /// Parses one YAML document within <see cref="MaxBytes"/> and <see cref="MaxDepth"/>; null (reported) when it is
    /// too large or too deep, does not parse, or is empty.
    /// </summary>
    internal static YamlNode? ParseBounded(BindContext context, string yaml) =>
        yaml.Length > MaxBytes ? TooLarge(context, yaml.Length) : WithinDepth(context, yaml) ? Parse(context, yaml) : null;

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
        catch (Exception e) when (e is ArgumentException or EndOfStreamException)
        {
            // YamlDotNet throws these on a few malformed inputs: a tag that is not a URI (`!!w+-`), or an event where
            // a node should be, as after a complex key (found by the config fuzz target).
            context.Error(scanner.CurrentPosition, "invalid YAML: unexpected text (a bad tag, or a key this parser cannot read?)");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, "expected a single YAML document");
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> (and one more, to tell), whatever length the file reports: a device such
    /// as <c>/dev/zero</c> or a file that grows while read is refused instead of filling memory. A pipe is read to
    /// its end, so <c>--config.file=/dev/stdin</c> works.
    /// </summary>
    /// <exception cref="IOException">Too large, or unreadable.</exception>
    internal static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        using var text = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (text.Length <= MaxBytes && (n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            text.Write(chunk, 0, n);
        }

        if (text.Length > MaxBytes)
        {
            throw new IOException($"the file is larger than {MaxBytes >> 20} MiB, the most a config may be");
        }

        // As File.ReadAllText: UTF-8, with or without a byte-order mark.
        return new UTF8Encoding(false).GetString(text.GetBuffer(), 0, (int)text.Length).TrimStart('\uFEFF');
    }

    private static YamlNode? TooLarge(BindContext context, int length)
    {
        context.Error(Mark.Empty, $"the config is {length} characters, more than the {MaxBytes >> 20} MiB a config may be");
        return null;
    }

    /// <summary>
    /// Walks the YAML events once, without building a tree, and reports the first collection nested deeper than
    /// <see cref="MaxDepth"/>: the tree builder recurses per level, and 50,000 levels overflow the stack.
    /// </summary>
    private static bool WithinDepth(BindContext context, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when ++depth > MaxDepth:
                        context.Error(parser.Current.Start, $"nesting deeper than {MaxDepth} levels of mappings and sequences");
                        return false;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or EndOfStreamException)
        {
            // Syntax errors are reported by Parse, with the same scanner, at the same place.
        }

        return true;
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
        var queryRanges = top["query_range"] is { } qr ? QueryRangeBinder.Bind(context, qr, remoteReads) : [];
        var defaultsPatch = new SettingsPatch();
        if (top["defaults"] is { } defaultsNode && context.Section(defaultsNode, "defaults", SettingsBinder.Keys) is { } defaultsSection)
        {
            defaultsPatch = SettingsBinder.Bind(context, defaultsSection);
        }

        var defaults = defaultsPatch.Apply(new SelectorSettings());
        SettingsBinder.Validate(context, defaults, defaultsPatch, defaultsPatch, "defaults");

        var selectors = top["selectors"] is { } sel ? SelectorBinder.Bind(context, sel, remoteReads, queryRanges, defaultsPatch) : [];
        if (remoteReads.Count == 0 && queryRanges.Count == 0 && top["selectors"] is YamlSequenceNode { Children.Count: > 0 } selNode)
        {
            context.Error(selNode, "selectors: there is no remote_read or query_range entry to read them from");
        }

        var naming = OutputNaming.Default;
        if (top["output_naming"] is { } on && Scalars.Enum(context, on, "output_naming", out OutputNaming parsed))
        {
            naming = parsed;
        }

        var remoteWrites = top["remote_write"] is { } rw ? RemoteWriteBinder.Bind(context, rw) : [];
        var exposition = top["exposition"] is { } ex ? ExpositionBinder.Bind(context, ex) : new ExpositionConfig();
        var alertmanager = top["alertmanager"] is { } am ? AlertmanagerBinder.Bind(context, am) : null;

        return new SidecarConfig
        {
            RemoteWrites = remoteWrites,
            Exposition = exposition,
            RemoteReads = remoteReads,
            Alertmanager = alertmanager,
            QueryRanges = queryRanges,
            Defaults = defaults,
            Selectors = selectors,
            OutputNaming = naming,
        };
    }
}
