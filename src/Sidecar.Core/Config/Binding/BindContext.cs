using System.Globalization;
using Sidecar.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// State of one config load: the file, its text (to point inside scalars) and every diagnostic found so far.
/// The binders report into it and carry on, so one load finds every problem.
/// </summary>
internal sealed class BindContext
{
    private readonly List<ConfigDiagnostic> _diagnostics = [];
    private readonly string[] _lines;

    public BindContext(string file, string text, string baseDirectory)
    {
        File = file;
        BaseDirectory = baseDirectory;
        _lines = text.Split('\n');
    }

    /// <summary>The file name as given (used in every diagnostic).</summary>
    public string File { get; }

    /// <summary>Directory relative file paths in the config are resolved against.</summary>
    public string BaseDirectory { get; }

    public IReadOnlyList<ConfigDiagnostic> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.Severity == ConfigSeverity.Error);

    public void Error(YamlNode node, string message) => Add(node.Start, ConfigSeverity.Error, message);

    public void Error(Mark mark, string message) => Add(mark, ConfigSeverity.Error, message);

    public void Error(int line, int column, string message) =>
        _diagnostics.Add(new ConfigDiagnostic(File, line, column, ConfigSeverity.Error, message));

    public void Warning(YamlNode node, string message) => Add(node.Start, ConfigSeverity.Warning, message);

    private void Add(Mark mark, ConfigSeverity severity, string message) =>
        _diagnostics.Add(new ConfigDiagnostic(File, (int)mark.Line, (int)mark.Column, severity, message));

    /// <summary>An absolute path for a path written in the config (relative ones are relative to the config file).</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>The mapping at <paramref name="node"/>, keys checked against <paramref name="knownKeys"/>; null (reported) if not a mapping.</summary>
    public YamlSection? Section(YamlNode node, string path, IReadOnlyCollection<string> knownKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{path}: expected a mapping (key: value lines), got {Describe(node)}");
            return null;
        }

        var section = new YamlSection(mapping, path);
        foreach (var (key, _) in mapping.Children)
        {
            if (key is not YamlScalarNode scalar)
            {
                Error(key, $"{path}: keys must be plain words");
            }
            else if (scalar.Value == "<<")
            {
                Error(key, $"{path}: YAML merge keys (<<) are not supported; put shared settings under defaults: or repeat them");
            }
            else if (!knownKeys.Contains(scalar.Value ?? ""))
            {
                var where = path.Length == 0 ? "at top level" : $"in {path}";
                Error(key, $"unknown key \"{scalar.Value}\" {where}{Suggest.Hint(scalar.Value ?? "", knownKeys)}");
            }
        }

        return section;
    }

    /// <summary>The items of the sequence at <paramref name="node"/>; null (reported) if not a sequence.</summary>
    public IReadOnlyList<YamlNode>? Sequence(YamlNode node, string path)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children.ToArray();
        }

        Error(node, $"{path}: expected a list, got {Describe(node)}");
        return null;
    }

    /// <summary>Reads each mapping of a list with <paramref name="bind"/>; false when any item was bad.</summary>
    public bool ForEachSection(YamlNode node, string path, IReadOnlyCollection<string> keys,
        Func<YamlSection, string, bool> bind)
    {
        if (Sequence(node, path) is not { } items)
        {
            return false;
        }

        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            ok &= Section(items[i], itemPath, keys) is { } section && bind(section, itemPath);
        }

        return ok;
    }

    /// <summary>Reads a key that must be present; reports it missing at the mapping.</summary>
    public bool Required<T>(YamlSection section, string key, ValueParser<T> parse, out T value)
    {
        value = default!;
        if (section[key] is { } node)
        {
            return parse(this, node, section.PathOf(key), out value);
        }

        Error(section.Node, $"{section.Path}: missing required key \"{key}\"");
        return false;
    }

    /// <summary>True for an empty, <c>~</c> or <c>null</c> plain scalar.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s
        && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"\"{s.Value}\"",
        _ => "something else",
    };

    /// <summary>
    /// The file position of character <paramref name="offset"/> of the scalar's value. Exact for scalars written
    /// on one line (plain, single- or double-quoted, escapes included); the scalar's start otherwise.
    /// </summary>
    public (int Line, int Column) PositionInScalar(YamlScalarNode node, int offset)
    {
        var line = (int)node.Start.Line;
        var start = (int)node.Start.Column;
        if (node.Start.Line != node.End.Line || line < 1 || line > _lines.Length)
        {
            return (line, start);
        }

        var raw = _lines[line - 1];
        var end = Math.Min((int)node.End.Column - 1, raw.Length);
        var columns = ValueColumns(raw, start - 1, end, node.Style);
        if (columns is null || offset < 0)
        {
            return (line, start);
        }

        return (line, offset < columns.Count ? columns[offset] : Math.Max(start, end));
    }

    /// <summary>For each character of the scalar's value, its 1-based column in the raw line.</summary>
    private static List<int>? ValueColumns(string raw, int from, int to, ScalarStyle style)
    {
        var columns = new List<int>();
        switch (style)
        {
            case ScalarStyle.Plain or ScalarStyle.Any:
                for (var i = from; i < to; i++)
                {
                    columns.Add(i + 1);
                }

                return columns;
            case ScalarStyle.SingleQuoted:
                for (var i = from + 1; i < to - 1; i++)
                {
                    columns.Add(i + 1);
                    if (raw[i] == '\'' && i + 1 < to - 1 && raw[i + 1] == '\'')
                    {
                        i++;
                    }
                }

                return columns;
            case ScalarStyle.DoubleQuoted:
                for (var i = from + 1; i < to - 1; i++)
                {
                    columns.Add(i + 1);
                    if (raw[i] != '\\' || i + 1 >= to - 1)
                    {
                        continue;
                    }

                    var width = raw[i + 1] switch { 'x' => 4, 'u' => 6, 'U' => 10, _ => 2 };
                    if (raw[i + 1] == 'U' && i + 10 <= raw.Length
                        && int.TryParse(raw.AsSpan(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp)
                        && cp > 0xFFFF)
                    {
                        columns.Add(i + 1);
                    }

                    i += width - 1;
                }

                return columns;
            default:
                return null;
        }
    }
}
