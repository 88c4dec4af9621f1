using System.Text.RegularExpressions;
using Sidecar.RemoteRead;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Syntax;

/// <summary>
/// A parsed series selector, compiled to test label sets as Prometheus does: a label that is absent has the empty
/// value, regexes are RE2 and fully anchored. Immutable and thread-safe.
/// </summary>
public sealed class SeriesMatcher
{
    private readonly (Matcher Matcher, Regex? Regex)[] _matchers;

    private SeriesMatcher((Matcher, Regex?)[] matchers, string text)
    {
        _matchers = matchers;
        Text = text;
    }

    /// <summary>The selector as written.</summary>
    public string Text { get; }

    /// <summary>Parses and compiles <paramref name="text"/>; on failure <paramref name="error"/> says what and where.</summary>
    public static SeriesMatcher? TryCreate(string text, out string? error)
    {
        if (!SeriesSelectorParser.TryParse(text, out var matchers, out var parseError))
        {
            error = $"column {parseError.Offset + 1}: {parseError.Message}";
            return null;
        }

        return TryCreate(matchers, text, out error);
    }

    /// <summary>
    /// Compiles matchers that arrived already parsed (a remote-read query's); on failure <paramref name="error"/> says
    /// which regex is invalid.
    /// </summary>
    public static SeriesMatcher? TryCreate(IReadOnlyList<Matcher> matchers, out string? error) =>
        TryCreate(matchers, "{" + string.Join(",", matchers.Select(m => m.Name + Operator(m.Type) + "\"" + m.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "}", out error);

    private static string Operator(MatchType type) => type switch
    {
        MatchType.Equal => "=",
        MatchType.NotEqual => "!=",
        MatchType.RegexMatch => "=~",
        _ => "!~",
    };

    private static SeriesMatcher? TryCreate(IReadOnlyList<Matcher> matchers, string text, out string? error)
    {
        var compiled = new (Matcher, Regex?)[matchers.Count];
        for (var i = 0; i < matchers.Count; i++)
        {
            Regex? regex = null;
            if (matchers[i].Type is MatchType.RegexMatch or MatchType.RegexNoMatch
                && !PromRegex.TryCompile(matchers[i].Value, out regex, out var regexError))
            {
                error = $"invalid regular expression in {matchers[i].Name}: {regexError}";
                return null;
            }

            compiled[i] = (matchers[i], regex);
        }

        error = null;
        return new SeriesMatcher(compiled, text);
    }

    /// <summary>True when every matcher accepts the value <paramref name="valueOf"/> gives its label ("" when absent).</summary>
    public bool Matches(Func<string, string> valueOf)
    {
        foreach (var (matcher, regex) in _matchers)
        {
            var value = valueOf(matcher.Name);
            var ok = matcher.Type switch
            {
                MatchType.Equal => value == matcher.Value,
                MatchType.NotEqual => value != matcher.Value,
                MatchType.RegexMatch => regex!.IsMatch(value),
                MatchType.RegexNoMatch => !regex!.IsMatch(value),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
