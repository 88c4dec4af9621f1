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
        ["name", "source", "match", "function", "range", "aggregate", "by", "without", "drop_labels", "shaping"];

    private static readonly string[] Keys = [.. OwnKeys, .. SettingsBinder.Keys];

    /// <summary>Most selectors one config may list.</summary>
    public const int MaxSelectors = 10_000;

    public static IReadOnlyList<SelectorConfig> Bind(BindContext context, YamlNode node,
        IReadOnlyList<RemoteReadConfig> remoteReads, IReadOnlyList<QueryRangeConfig> queryRanges, SettingsPatch defaults)
    {
        var sources = remoteReads.Select(r => r.Name).Concat(queryRanges.Select(q => q.Name)).Distinct(StringComparer.Ordinal).ToArray();
        var queryRangeNames = queryRanges.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
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

            if (BindOne(context, section, sources, queryRangeNames, defaults) is { } selector)
            {
                result.Add(selector);
            }
        }

        return result;
    }

    private static SelectorConfig? BindOne(BindContext context, YamlSection s, string[] sources, HashSet<string> queryRangeNames,
        SettingsPatch defaults)
    {
        var ok = context.Required(s, "name", Scalars.NonEmptyString, out string name);
        if (ok && !SelectorName().IsMatch(name))
        {
            context.Error(s["name"]!, $"{s.PathOf("name")}: \"{name}\" is not a valid selector name (letters, digits, _ . : -; starting with a letter or _)");
            ok = false;
        }

        ok &= BindSource(context, s, sources, out var source);
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

        ok &= BindShaping(context, s, queryRangeNames.Contains(source), ref shaping);
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

    /// <summary>
    /// <c>shaping: sidecar</c> (the default) or <c>store</c>, and what the source's reads hold: raw samples from remote
    /// read, grid points from a <c>query_range</c> source, or series the store shaped (<c>shaping: store</c>).
    /// </summary>
    private static bool BindShaping(BindContext context, YamlSection s, bool isQueryRange, ref ShapingOptions shaping)
    {
        var inStore = false;
        if (s["shaping"] is { } node)
        {
            if (!Scalars.String(context, node, s.PathOf("shaping"), out var text))
            {
                return false;
            }

            if (text is not ("sidecar" or "store"))
            {
                context.Error(node, $"{s.PathOf("shaping")}: unknown value \"{text}\" (expected sidecar or store)");
                return false;
            }

            inStore = text == "store";
            if (inStore && !isQueryRange)
            {
                context.Error(node, $"{s.PathOf("shaping")}: store needs a query_range source (remote read returns raw samples, which the sidecar shapes)");
                return false;
            }
        }

        if (!isQueryRange)
        {
            return true;
        }

        if (inStore && shaping.DropLabels.Count > 0)
        {
            context.Error(s.KeyNode("drop_labels")!, $"{s.PathOf("drop_labels")}: has no PromQL equivalent, so it cannot be used with shaping: store");
            return false;
        }

        if (!inStore && shaping.Function != RangeFunction.None && s["function"] is { } fn)
        {
            context.Warning(fn, $"{s.PathOf("function")}: a query_range source returns points on the step grid, not raw samples, so "
                + $"{SnakeCase.From(shaping.Function.ToString())} runs over step-spaced points and differs from PromQL; set shaping: store to let the store evaluate it");
        }

        shaping = shaping with { Input = inStore ? SeriesInput.Shaped : SeriesInput.GridPoints };
        return true;
    }

    private static bool BindSource(BindContext context, YamlSection s, string[] known, out string source)
    {
        source = "";
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

            var choices = known.Length == 0 ? "there is no remote_read or query_range entry" : $"known: {string.Join(", ", known)}";
            context.Error(node, $"{s.PathOf("source")}: no remote_read or query_range named \"{source}\"{Suggest.Hint(source, known)} ({choices})");
            return false;
        }

        if (known.Length == 1)
        {
            source = known[0];
            return true;
        }

        if (known.Length > 1)
        {
            context.Error(s.Node, $"{s.Path}: missing required key \"source\" (needed when there are several sources: {string.Join(", ", known)})");
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
