using System.Text.RegularExpressions;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Syntax;
using Sidecar.Text;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads and checks the <c>selectors:</c> list, merging each selector's settings over the defaults.</summary>
internal static partial class SelectorBinder
{
    internal static readonly string[] OwnKeys =
        ["name", "source", "match", "function", "range", "aggregate", "by", "without", "drop_labels"];

    private static readonly string[] Keys = [.. OwnKeys, .. SettingsBinder.Keys];

    /// <summary>Most selectors one config may list.</summary>
    public const int MaxSelectors = 10_000;

    public static IReadOnlyList<SelectorConfig> Bind(BindContext context, YamlNode node,
        IReadOnlyList<RemoteReadConfig> remoteReads, SettingsPatch defaults)
    {
        var result = new List<SelectorConfig>();
        if (context.Sequence(node, "selectors") is not { } items)
        {
            return result;
        }

        if (items.Count > MaxSelectors)
        {
            context.Error(node, $"selectors: {items.Count} selectors, more than the {MaxSelectors} one sidecar runs; split them across sidecars");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (context.Section(items[i], $"selectors[{i}]", Keys) is not { } section)
            {
                continue;
            }

            if (section["name"] is YamlScalarNode { Value: { } name } nameNode && !names.Add(name))
            {
                context.Error(nameNode, $"{section.PathOf("name")}: selector \"{name}\" is defined twice");
            }

            if (BindOne(context, section, remoteReads, defaults) is { } selector)
            {
                result.Add(selector);
            }
        }

        return result;
    }

    private static SelectorConfig? BindOne(BindContext context, YamlSection s, IReadOnlyList<RemoteReadConfig> remoteReads,
        SettingsPatch defaults)
    {
        var ok = context.Required(s, "name", Scalars.NonEmptyString, out string name);
        if (ok && !SelectorName().IsMatch(name))
        {
            context.Error(s["name"]!, $"{s.PathOf("name")}: \"{name}\" is not a valid selector name (letters, digits, _ . : -; starting with a letter or _)");
            ok = false;
        }

        ok &= BindSource(context, s, remoteReads, out var source);
        ok &= BindMatch(context, s, out var match, out var matchers);

        var shaping = new ShapingOptions();
        var functionKnown = true;
        if (s["function"] is { } fn)
        {
            functionKnown = Scalars.Enum<RangeFunction>(context, fn, s.PathOf("function"), out var function);
            shaping = shaping with { Function = function };
        }

        if (s["range"] is { } rangeNode && ModelValues.PositiveDuration(context, rangeNode, s.PathOf("range"), out var range))
        {
            shaping = shaping with { Range = range };
            if (shaping.Function == RangeFunction.None && functionKnown)
            {
                context.Warning(rangeNode, $"{s.PathOf("range")}: has no effect without function rate, increase or delta");
            }
        }
        else if (s["range"] is null && shaping.Function != RangeFunction.None)
        {
            context.Error(s["function"]!, $"{s.Path}: function {SnakeCase.From(shaping.Function.ToString())} needs a range (e.g. range: 5m)");
            ok = false;
        }

        ok &= BindAggregation(context, s, ref shaping);
        if (s["drop_labels"] is { } dropNode && Scalars.LabelNames(context, dropNode, s.PathOf("drop_labels"), out var drop))
        {
            if (drop.Contains(LabelSet.MetricName))
            {
                context.Error(dropNode, $"{s.PathOf("drop_labels")}: {LabelSet.MetricName} cannot be dropped");
                ok = false;
            }

            shaping = shaping with { DropLabels = drop };
        }

        var own = SettingsBinder.Bind(context, s);
        var merged = own.Over(defaults);
        var settings = merged.Apply(new SelectorSettings());
        SettingsBinder.Validate(context, settings, merged, own, s.Path);
        if (!ok)
        {
            return null;
        }

        return new SelectorConfig
        {
            Name = name,
            Source = source,
            Match = match,
            Matchers = matchers,
            Shaping = shaping with { Step = settings.Step },
            Settings = settings,
        };
    }

    private static bool BindSource(BindContext context, YamlSection s, IReadOnlyList<RemoteReadConfig> remoteReads, out string source)
    {
        source = "";
        var known = remoteReads.Select(r => r.Name).ToArray();
        if (s["source"] is { } node)
        {
            if (!Scalars.NonEmptyString(context, node, s.PathOf("source"), out source))
            {
                return false;
            }

            if (known.Contains(source, StringComparer.Ordinal))
            {
                return true;
            }

            var choices = known.Length == 0 ? "there is no remote_read entry" : $"known: {string.Join(", ", known)}";
            context.Error(node, $"{s.PathOf("source")}: no remote_read named \"{source}\"{Suggest.Hint(source, known)} ({choices})");
            return false;
        }

        if (known.Length == 1)
        {
            source = known[0];
            return true;
        }

        if (known.Length > 1)
        {
            context.Error(s.Node, $"{s.Path}: missing required key \"source\" (needed when there are several remote_read entries: {string.Join(", ", known)})");
        }

        // With no remote_read at all, the loader reports that once.
        return false;
    }

    private static bool BindMatch(BindContext context, YamlSection s, out string match, out IReadOnlyList<Matcher> matchers)
    {
        matchers = [];
        if (!context.Required(s, "match", Scalars.NonEmptyString, out match))
        {
            return false;
        }

        if (SeriesSelectorParser.TryParse(match, out matchers, out var error))
        {
            return true;
        }

        var (line, column) = context.PositionInScalar((YamlScalarNode)s["match"]!, error.Offset);
        context.Error(line, column, $"{s.PathOf("match")}: invalid series selector: {error.Message}");
        return false;
    }

    private static bool BindAggregation(BindContext context, YamlSection s, ref ShapingOptions shaping)
    {
        var ok = true;
        if (s["aggregate"] is { } agg && Scalars.Enum<AggregateOp>(context, agg, s.PathOf("aggregate"), out var op))
        {
            shaping = shaping with { Aggregate = op };
        }

        if (s["by"] is { } byNode && Scalars.LabelNames(context, byNode, s.PathOf("by"), out var by))
        {
            shaping = shaping with { By = by };
        }

        if (s["without"] is { } withoutNode && Scalars.LabelNames(context, withoutNode, s.PathOf("without"), out var without))
        {
            shaping = shaping with { Without = true, WithoutLabels = without };
        }

        if (s["by"] is not null && s["without"] is { } both)
        {
            context.Error(s.KeyNode("without")!, $"{s.Path}: by and without cannot both be set");
            ok = false;
        }

        if (shaping.Aggregate == AggregateOp.None && (s["by"] ?? s["without"]) is not null)
        {
            var key = s["by"] is not null ? "by" : "without";
            context.Error(s.KeyNode(key)!, $"{s.PathOf(key)}: needs aggregate (sum, avg, min, max or count)");
            ok = false;
        }

        return ok;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.:-]*$")]
    private static partial Regex SelectorName();
}
