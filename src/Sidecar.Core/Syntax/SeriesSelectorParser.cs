using System.Diagnostics.CodeAnalysis;
using Sidecar.RemoteRead;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Syntax;

/// <summary>
/// Parses a PromQL series selector — <c>metric{a="b",c!="d",e=~"5..",f!~"x"}</c>, <c>{__name__=~"x.*"}</c> or a
/// bare metric name — into remote-read <see cref="Matcher"/>s, as Prometheus does: double-, single- or
/// back-quoted values with Go escapes, an optional trailing comma, regexes checked (RE2 syntax, fully anchored),
/// and a selector that would match every series rejected. Thread-safe (stateless).
/// </summary>
public static class SeriesSelectorParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The selector is invalid; the message says where.</exception>
    public static IReadOnlyList<Matcher> Parse(string text) =>
        TryParse(text, out var matchers, out var error)
            ? matchers
            : throw new FormatException($"column {error.Offset + 1}: {error.Message}");

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what and where.</summary>
    public static bool TryParse(string text, out IReadOnlyList<Matcher> matchers, [NotNullWhen(false)] out SeriesSelectorError? error)
    {
        var state = new State(text);
        matchers = [];
        error = state.Run(out var parsed);
        if (error is not null)
        {
            return false;
        }

        matchers = parsed;
        return true;
    }

    /// <summary>True for a valid Prometheus label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>).</summary>
    public static bool IsLabelName(string name) =>
        name.Length > 0 && IsNameStart(name[0], metric: false) && name.All(c => IsNameChar(c, metric: false));

    /// <summary>True for a valid Prometheus metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>).</summary>
    public static bool IsMetricName(string name) =>
        name.Length > 0 && IsNameStart(name[0], metric: true) && name.All(c => IsNameChar(c, metric: true));

    private static bool IsNameStart(char c, bool metric) => char.IsAsciiLetter(c) || c == '_' || (metric && c == ':');

    private static bool IsNameChar(char c, bool metric) => IsNameStart(c, metric) || char.IsAsciiDigit(c);

    private sealed class State(string text)
    {
        private int _pos;

        public SeriesSelectorError? Run(out List<Matcher> matchers)
        {
            matchers = [];
            try
            {
                Parse(matchers);
                return null;
            }
            catch (SelectorSyntaxException e)
            {
                return new SeriesSelectorError(e.Offset, e.Message);
            }
        }

        private void Parse(List<Matcher> matchers)
        {
            SkipSpace();
            if (_pos == text.Length)
            {
                throw new SelectorSyntaxException(0, "empty series selector");
            }

            string? metric = null;
            var metricAt = _pos;
            if (IsNameStart(text[_pos], metric: true))
            {
                metric = ReadName(metric: true);
                SkipSpace();
            }

            var valueOffsets = new List<int>();
            if (_pos < text.Length && text[_pos] == '{')
            {
                _pos++;
                ParseMatchers(matchers, valueOffsets, ref metric, metricAt);
            }
            else if (metric is null)
            {
                throw Unexpected("a metric name or '{'");
            }

            SkipSpace();
            if (_pos < text.Length)
            {
                throw Unexpected("the end of the selector");
            }

            if (metric is not null)
            {
                matchers.Insert(0, new Matcher(MatchType.Equal, LabelSet.MetricName, metric));
                valueOffsets.Insert(0, metricAt);
            }

            for (var i = 0; i < matchers.Count; i++)
            {
                if (matchers[i].Type is MatchType.RegexMatch or MatchType.RegexNoMatch
                    && !PromRegex.TryCompile(matchers[i].Value, out _, out var regexError))
                {
                    throw new SelectorSyntaxException(valueOffsets[i], $"invalid regular expression in {matchers[i].Name}: {regexError}");
                }
            }

            if (matchers.All(MatchesEmpty))
            {
                throw new SelectorSyntaxException(0,
                    "series selector must contain at least one matcher that does not match the empty string (it would select every series)");
            }
        }

        private void ParseMatchers(List<Matcher> matchers, List<int> valueOffsets, ref string? metric, int metricAt)
        {
            while (true)
            {
                SkipSpace();
                if (_pos >= text.Length)
                {
                    throw new SelectorSyntaxException(_pos, "unexpected end of selector: missing '}'");
                }

                if (text[_pos] == '}')
                {
                    _pos++;
                    return;
                }

                var nameAt = _pos;
                string name;
                if (text[_pos] is '"' or '\'' or '`')
                {
                    name = PromQLString.Read(text, ref _pos);
                    SkipSpace();
                    if (_pos < text.Length && text[_pos] is ',' or '}')
                    {
                        // {"metric.name"}: a quoted metric name on its own, as Prometheus 3 allows.
                        if (metric is not null)
                        {
                            throw new SelectorSyntaxException(nameAt, $"metric name must not be set twice: \"{metric}\" or \"{name}\"");
                        }

                        metric = name;
                        ExpectSeparator();
                        continue;
                    }
                }
                else if (IsNameStart(text[_pos], metric: false))
                {
                    name = ReadName(metric: false);
                }
                else
                {
                    throw Unexpected("a label name or '}'");
                }

                if (name == LabelSet.MetricName && metric is not null)
                {
                    throw new SelectorSyntaxException(nameAt, $"metric name must not be set twice: \"{metric}\" and a {LabelSet.MetricName} matcher");
                }

                SkipSpace();
                var type = ReadOperator();
                SkipSpace();
                if (_pos >= text.Length || text[_pos] is not ('"' or '\'' or '`'))
                {
                    throw Unexpected("a quoted label value");
                }

                valueOffsets.Add(_pos);
                matchers.Add(new Matcher(type, name, PromQLString.Read(text, ref _pos)));
                ExpectSeparator();
            }
        }

        private void ExpectSeparator()
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == ',')
            {
                _pos++;
            }
            else if (_pos >= text.Length || text[_pos] != '}')
            {
                throw Unexpected("',' or '}'");
            }
        }

        private MatchType ReadOperator()
        {
            var rest = text.AsSpan(_pos);
            (MatchType Type, int Length)? op = rest switch
            {
                _ when rest.StartsWith("=~") => (MatchType.RegexMatch, 2),
                _ when rest.StartsWith("!~") => (MatchType.RegexNoMatch, 2),
                _ when rest.StartsWith("!=") => (MatchType.NotEqual, 2),
                _ when rest.StartsWith("=") => (MatchType.Equal, 1),
                _ => null,
            };
            if (op is null)
            {
                throw Unexpected("one of =, !=, =~, !~");
            }

            _pos += op.Value.Length;
            return op.Value.Type;
        }

        private string ReadName(bool metric)
        {
            var start = _pos;
            while (_pos < text.Length && IsNameChar(text[_pos], metric))
            {
                _pos++;
            }

            return text[start.._pos];
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private SelectorSyntaxException Unexpected(string expected) =>
            _pos >= text.Length
                ? new SelectorSyntaxException(_pos, $"unexpected end of selector, expected {expected}")
                : new SelectorSyntaxException(_pos, $"unexpected character '{text[_pos]}', expected {expected}");

        private static bool MatchesEmpty(Matcher m) => m.Type switch
        {
            MatchType.Equal => m.Value.Length == 0,
            MatchType.NotEqual => m.Value.Length != 0,
            MatchType.RegexMatch => PromRegex.TryCompile(m.Value, out var r, out _) && r.IsMatch(""),
            MatchType.RegexNoMatch => PromRegex.TryCompile(m.Value, out var r, out _) && !r.IsMatch(""),
            _ => false,
        };
    }
}
