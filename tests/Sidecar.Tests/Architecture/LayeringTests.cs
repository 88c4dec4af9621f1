using System.Text.RegularExpressions;
using Sidecar.Testing;

namespace Sidecar.Tests.Architecture;

/// <summary>
/// Holds <c>src/</c> to the layering table of <c>docs/architecture.md</c>: every namespace is listed, every
/// <c>using</c> of one of ours is allowed by its row, and the table itself has no cycle.
/// </summary>
public partial class LayeringTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> s_rules = new(ReadRules);

    [Fact]
    public void Rules_FromTheArchitectureDoc_ListTheCoreLayers()
    {
        var rules = s_rules.Value;

        Assert.Contains("Sidecar.Scheduling", rules.Keys);
        Assert.Contains("Sidecar.Web", rules.Keys);
        Assert.Contains("Sidecar.Tools.Backtest", rules.Keys);
        Assert.Contains("Sidecar.Scheduling", rules["Sidecar.Web"]);
        Assert.Empty(rules["Sidecar.Models"]);
    }

    [Fact]
    public void Rules_HaveNoCycle()
    {
        var rules = s_rules.Value;
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var start in rules.Keys)
        {
            var path = FindCycle(start, rules, state, []);
            Assert.True(path is null, "cycle in docs/architecture.md: " + string.Join(" -> ", path ?? []));
        }
    }

    [Fact]
    public void Sources_EveryNamespace_IsListedInTheDoc()
    {
        var unlisted = SourceFiles()
            .Select(f => (File: f, Namespace: NamespaceOf(File.ReadAllText(f))))
            .Where(x => x.Namespace is not null && Layer(x.Namespace) is null)
            .Select(x => $"{Relative(x.File)}: namespace {x.Namespace}")
            .ToList();

        Assert.True(unlisted.Count == 0, "not in docs/architecture.md:\n" + string.Join("\n", unlisted));
    }

    [Fact]
    public void Sources_EveryUsing_RunsWithTheDocumentedLayering()
    {
        var rules = s_rules.Value;
        var violations = new List<string>();
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            var own = NamespaceOf(text) is { } ns ? Layer(ns) : null;
            if (own is null)
            {
                continue;
            }

            foreach (var used in UsedNamespaces(text).Select(Layer).OfType<string>().Distinct())
            {
                if (used != own && !rules[own].Contains(used))
                {
                    violations.Add($"{Relative(file)}: {own} uses {used}");
                }
            }
        }

        Assert.True(violations.Count == 0, "against docs/architecture.md:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("using Sidecar.Web;\nnamespace Sidecar.Scheduling;\n", "Sidecar.Web")]
    [InlineData("using static Sidecar.Cli.BuildInfo;\nnamespace Sidecar.Exposition;\n", "Sidecar.Cli")]
    [InlineData("using R = Sidecar.Scheduling.SelectorRunner;\nnamespace Sidecar.State;\n", "Sidecar.Scheduling")]
    [InlineData("namespace Sidecar.State;\nclass A { Sidecar.Scheduling.SeriesFit? f; }\n", "Sidecar.Scheduling")]
    public void UsedNamespaces_EveryForm_IsSeen(string source, string expected)
    {
        var used = UsedNamespaces(source).Select(Layer).ToList();

        Assert.Contains(expected, used);
        Assert.DoesNotContain(expected, s_rules.Value[Layer(NamespaceOf(source)!)!]);
    }

    /// <summary>The row that governs <paramref name="ns"/>: the longest listed namespace it equals or lies under.</summary>
    private static string? Layer(string ns) =>
        s_rules.Value.Keys
            .Where(k => ns == k || ns.StartsWith(k + ".", StringComparison.Ordinal))
            .OrderByDescending(k => k.Length)
            .FirstOrDefault();

    private static string? NamespaceOf(string text) => NamespaceLine().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static IEnumerable<string> UsedNamespaces(string text)
    {
        foreach (Match m in UsingLine().Matches(text))
        {
            yield return m.Groups[1].Value;
        }

        var code = NonCodeLine().Replace(text, "");
        foreach (Match m in QualifiedName().Matches(code))
        {
            yield return m.Groups[1].Value;
        }
    }

    private static string[]? FindCycle(string node, IReadOnlyDictionary<string, IReadOnlySet<string>> rules, Dictionary<string, int> state, List<string> path)
    {
        if (state.GetValueOrDefault(node) == 2)
        {
            return null;
        }

        if (state.GetValueOrDefault(node) == 1)
        {
            return [.. path[path.IndexOf(node)..], node];
        }

        state[node] = 1;
        path.Add(node);
        foreach (var next in rules[node])
        {
            if (FindCycle(next, rules, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[node] = 2;
        return null;
    }

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> ReadRules()
    {
        var doc = File.ReadAllText(Repo.Path("docs/architecture.md"));
        var begin = doc.IndexOf("<!-- layering:begin -->", StringComparison.Ordinal);
        var end = doc.IndexOf("<!-- layering:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/architecture.md has no layering table");

        var rows = doc[begin..end].Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        var rules = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var cells in rows)
        {
            var name = cells[1].Trim('`');
            var uses = cells[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(u => "Sidecar." + u)
                .ToHashSet(StringComparer.Ordinal);
            rules.Add(name, uses);
        }

        foreach (var (name, uses) in rules)
        {
            Assert.All(uses, u => Assert.True(rules.ContainsKey(u), $"{name} may use {u}, which the table does not list"));
        }

        return rules;
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Repo.Path("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string Relative(string file) => Path.GetRelativePath(Repo.Root, file);

    [GeneratedRegex(@"^namespace (Sidecar[\w.]*)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?(Sidecar[\w.]*)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"^\s*(?://|using\s|global\s+using\s|namespace\s).*$", RegexOptions.Multiline)]
    private static partial Regex NonCodeLine();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?(Sidecar(?:\.[A-Z]\w*)+)\.[A-Z]\w*")]
    private static partial Regex QualifiedName();
}
