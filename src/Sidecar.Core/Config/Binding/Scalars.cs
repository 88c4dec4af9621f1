using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sidecar.Syntax;
using Sidecar.Text;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Typed readers for YAML scalars. Each matches <see cref="ValueParser{T}"/>: on a bad value it reports
/// <c>path: what is wrong</c> at the node and returns false.
/// </summary>
internal static class Scalars
{
    public static bool String(BindContext context, YamlNode node, string path, out string value)
    {
        value = "";
        if (node is YamlScalarNode { Value: { } text } && !BindContext.IsNull(node))
        {
            value = text;
            return true;
        }

        context.Error(node, $"{path}: expected a string, got {BindContext.Describe(node)}");
        return false;
    }

    public static readonly ValueParser<string> NonEmptyString = Checked<string>(String, v => v.Length > 0, (_, _) => "must not be empty");

    public static bool Bool(BindContext context, YamlNode node, string path, out bool value)
    {
        value = false;
        if (node is YamlScalarNode { Value: "true" or "True" or "TRUE" })
        {
            value = true;
            return true;
        }

        if (node is YamlScalarNode { Value: "false" or "False" or "FALSE" })
        {
            return true;
        }

        context.Error(node, $"{path}: expected true or false, got {BindContext.Describe(node)}");
        return false;
    }

    public static bool Long(BindContext context, YamlNode node, string path, out long value)
    {
        value = 0;
        if (node is YamlScalarNode { Value: { } text }
            && long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        context.Error(node, $"{path}: expected an integer, got {BindContext.Describe(node)}");
        return false;
    }

    public static bool Int(BindContext context, YamlNode node, string path, out int value)
    {
        value = 0;
        if (!Long(context, node, path, out var wide))
        {
            return false;
        }

        if (wide is < int.MinValue or > int.MaxValue)
        {
            context.Error(node, $"{path}: {wide} is too large");
            return false;
        }

        value = (int)wide;
        return true;
    }

    public static bool Double(BindContext context, YamlNode node, string path, out double value)
    {
        value = 0;
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value))
        {
            return true;
        }

        context.Error(node, $"{path}: expected a number, got {BindContext.Describe(node)}");
        return false;
    }

    public static bool Duration(BindContext context, YamlNode node, string path, out TimeSpan value) =>
        Unsigned(context, node, path, out value, PromDuration.TryParse);

    public static bool Size(BindContext context, YamlNode node, string path, out long value) =>
        Unsigned(context, node, path, out value, ByteSize.TryParse);

    /// <summary>
    /// <paramref name="parse"/>, then <paramref name="valid"/>: a value that reads but breaks the rule is reported as
    /// <c>path: </c> followed by what <paramref name="problem"/> says of it (given the value and the scalar as written).
    /// </summary>
    public static ValueParser<T> Checked<T>(ValueParser<T> parse, Func<T, bool> valid, Func<T, string, string> problem) =>
        (BindContext context, YamlNode node, string path, out T value) =>
        {
            if (!parse(context, node, path, out value))
            {
                return false;
            }

            if (valid(value))
            {
                return true;
            }

            context.Error(node, $"{path}: {problem(value, (node as YamlScalarNode)?.Value ?? "")}");
            return false;
        };

    /// <summary>A snake_case enum member name (<c>seasonal_baseline</c>).</summary>
    public static bool Enum<T>(BindContext context, YamlNode node, string path, out T value)
        where T : struct, System.Enum
    {
        value = default;
        if (!String(context, node, path, out var text))
        {
            return false;
        }

        var members = SnakeCase.EnumMembers<T>();
        foreach (var (name, member) in members)
        {
            if (name == text)
            {
                value = member;
                return true;
            }
        }

        var names = members.Select(m => m.Name).ToArray();
        context.Error(node, $"{path}: unknown value \"{text}\"{Suggest.Hint(text, names)}; expected one of: {string.Join(", ", names)}");
        return false;
    }

    public static bool StringList(BindContext context, YamlNode node, string path, out IReadOnlyList<string> value)
    {
        value = [];
        if (context.Sequence(node, path) is not { } items)
        {
            return false;
        }

        var list = new List<string>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (NonEmptyString(context, items[i], $"{path}[{i}]", out var item))
            {
                list.Add(item);
            }
            else
            {
                ok = false;
            }
        }

        value = list;
        return ok;
    }

    /// <summary>A list of label names (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>), each at most once.</summary>
    public static bool LabelNames(BindContext context, YamlNode node, string path, out IReadOnlyList<string> value)
    {
        if (!StringList(context, node, path, out value))
        {
            return false;
        }

        var ok = true;
        var items = ((YamlSequenceNode)node).Children;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < value.Count; i++)
        {
            if (!SeriesSelectorParser.IsLabelName(value[i]))
            {
                context.Error(items[i], $"{path}[{i}]: \"{value[i]}\" is not a valid label name");
                ok = false;
            }
            else if (!seen.Add(value[i]))
            {
                context.Error(items[i], $"{path}[{i}]: label \"{value[i]}\" is listed twice");
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Reads a quantity in Prometheus form (duration, byte size); on failure sets <paramref name="error"/>.</summary>
    private delegate bool QuantityParser<T>(string text, out T value, [NotNullWhen(false)] out string? error);

    // A leading minus is refused before parsing, with a message of its own.
    private static bool Unsigned<T>(BindContext context, YamlNode node, string path, out T value, QuantityParser<T> parse)
    {
        value = default!;
        if (!String(context, node, path, out var text))
        {
            return false;
        }

        if (text.StartsWith('-'))
        {
            context.Error(node, $"{path}: must not be negative, got \"{text}\"");
            return false;
        }

        if (parse(text, out value, out var error))
        {
            return true;
        }

        context.Error(node, $"{path}: {error}");
        return false;
    }
}
