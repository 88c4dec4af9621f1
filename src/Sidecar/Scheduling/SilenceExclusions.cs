using Sidecar.Exposition;
using Sidecar.RemoteRead;
using MatchType = Sidecar.RemoteRead.MatchType;
using Sidecar.Sources;
using Sidecar.State;
using Sidecar.Syntax;

namespace Sidecar.Scheduling;

/// <summary>
/// Which Alertmanager silences become exclusions, and what they exclude. A silence counts when it is active or
/// pending, its comment starts with <c>sidecar:exclude</c> or <c>sidecar:expected</c>, and its <c>alertname</c>
/// matcher matches <c>AnomalyDetected</c>. Its window runs to its <c>endsAt</c>, from its <c>startsAt</c> or, when
/// earlier, the <c>startsAt</c> of the earliest alert it mutes: Alertmanager starts a new silence when it is created,
/// after the incident began.
/// Its matchers map onto the series: <c>alertname</c>, <c>severity</c>, <c>anomaly_series</c>, <c>replica</c> and the
/// configured <c>ignore_labels</c> are dropped (the alert's, not the series'); an equality on <c>selector</c> names
/// the selector; <c>metric</c> becomes <c>__name__</c> (the source metric); every other matcher is kept as it is, with
/// Prometheus's semantics. Thread-safe (stateless).
/// </summary>
public static class SilenceExclusions
{
    /// <summary>The alert whose silences count.</summary>
    public const string AlertName = "AnomalyDetected";

    /// <summary>The comment marker of a window to leave out of fitting.</summary>
    public const string ExcludeMarker = "sidecar:exclude";

    /// <summary>The comment marker of a window whose deviations are normal.</summary>
    public const string ExpectedMarker = "sidecar:expected";

    private static readonly string[] AlertOnly = ["alertname", "severity", "anomaly_series", OutputFamilyNames.ReplicaLabel];

    /// <summary>
    /// The exclusions <paramref name="silences"/> ask for, and for each marked silence that cannot be used, why.
    /// <paramref name="silencedSince"/> gives, by silence id, when the earliest alert it mutes started.
    /// Silences without a marker, and expired ones, are neither.
    /// </summary>
    public static (IReadOnlyList<Exclusion> Exclusions, IReadOnlyList<(string Id, string Reason)> Refused) From(
        IReadOnlyList<Silence> silences, IReadOnlyDictionary<string, DateTimeOffset> silencedSince, IReadOnlyCollection<string> ignoreLabels, long nowMs)
    {
        var exclusions = new List<Exclusion>();
        var refused = new List<(string, string)>();
        foreach (var silence in silences)
        {
            var comment = silence.Comment.TrimStart();
            var expected = comment.StartsWith(ExpectedMarker, StringComparison.Ordinal);
            if (silence.State is not ("active" or "pending") || !(expected || comment.StartsWith(ExcludeMarker, StringComparison.Ordinal)))
            {
                continue;
            }

            if (Map(silence, ignoreLabels, out var matcher, out var selector) is { } reason)
            {
                refused.Add((silence.Id, reason));
                continue;
            }

            var start = silence.StartsAt.ToUnixTimeMilliseconds();
            if (silencedSince.TryGetValue(silence.Id, out var since))
            {
                start = Math.Min(start, since.ToUnixTimeMilliseconds());
            }

            var end = silence.EndsAt.ToUnixTimeMilliseconds();
            if (end <= start)
            {
                refused.Add((silence.Id, "endsAt is not after startsAt"));
                continue;
            }

            exclusions.Add(new Exclusion(
                "silence-" + silence.Id,
                start,
                end,
                matcher,
                selector,
                Truncate(comment, ExclusionBook.MaxCommentLength),
                Truncate(silence.CreatedBy, ExclusionBook.MaxUserLength),
                nowMs,
                Exclusion.AlertmanagerSource,
                expected));
        }

        return (exclusions, refused);
    }

    private static string? Map(Silence silence, IReadOnlyCollection<string> ignoreLabels, out string matcher, out string? selector)
    {
        matcher = "";
        selector = null;
        var alertname = silence.Matchers.Where(m => m.Name == "alertname").ToList();
        if (alertname.Count == 0)
        {
            return $"it has no alertname matcher; add alertname={AlertName}";
        }

        var series = new List<Matcher>();
        foreach (var m in silence.Matchers)
        {
            // Checked beside a matcher that selects something: PromQL refuses a selector of empty-matching matchers alone.
            var compiled = SeriesMatcher.TryCreate(QueryRangeExpression.Selector([new Matcher(MatchType.Equal, "y", "1"), m.ToMatcher() with { Name = "x" }]), out var error);
            if (compiled is null)
            {
                return $"matcher on {m.Name}: {error}";
            }

            if (m.Name == "alertname")
            {
                if (!compiled.Matches(name => name == "x" ? AlertName : "1"))
                {
                    return $"its alertname matcher does not match {AlertName}";
                }
            }
            else if (m.Name == "selector")
            {
                if (m.IsRegex || !m.IsEqual)
                {
                    return "its selector matcher must be an equality (selector=\"name\"), or leave it out for every selector";
                }

                selector = m.Value;
            }
            else if (m.Name == OutputFamilyNames.MetricLabel)
            {
                series.Add(m.ToMatcher() with { Name = "__name__" });
            }
            else if (!AlertOnly.Contains(m.Name) && !ignoreLabels.Contains(m.Name))
            {
                series.Add(m.ToMatcher());
            }
        }

        if (series.Count == 0 && selector is null)
        {
            return "it matches no series label or selector, so it would exclude every series";
        }

        // Every series has a name, so __name__=~".+" selects all of them where the matchers alone may only match empty values.
        matcher = series.Count == 0 ? "{__name__=~\".+\"}" : QueryRangeExpression.Selector(series);
        if (SeriesMatcher.TryCreate(matcher, out _) is null)
        {
            matcher = QueryRangeExpression.Selector([new Matcher(MatchType.RegexMatch, "__name__", ".+"), .. series]);
        }

        return SeriesMatcher.TryCreate(matcher, out var problem) is null ? $"its matchers do not form a selector: {problem}" : null;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
