using System.Security.Cryptography;
using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.State;
using Sidecar.Syntax;

namespace Sidecar.Scheduling;

/// <summary>
/// The exclusions people add while the service runs (<c>/api/v1/exclusions</c>, and Alertmanager silences through
/// <see cref="Sync"/>): checked, bounded, saved in the state directory before they count, shown as gauges, and merged
/// into <c>exclude:</c> (or <c>expected:</c>) at the next fit of every series they match. Thread-safe: changes are serialised; readers see an immutable snapshot.
/// </summary>
public sealed class ExclusionBook
{
    /// <summary>The most exclusions kept at once.</summary>
    public const int MaxExclusions = 256;

    /// <summary>The longest comment, in characters (it becomes a label value).</summary>
    public const int MaxCommentLength = 256;

    /// <summary>The longest series selector, in characters.</summary>
    public const int MaxMatcherLength = 1024;

    /// <summary>The longest <c>created_by</c> or user name kept, in characters.</summary>
    public const int MaxUserLength = 128;

    private readonly ExclusionStore _store;
    private readonly ExclusionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly string? _unreadable;
    private volatile Entry[] _entries;

    /// <summary>Restores the saved exclusions; a bad file is logged and moved aside, never fatal.</summary>
    public ExclusionBook(ExclusionStore store, ExclusionMetrics metrics, TimeProvider time, ILogger<ExclusionBook> logger)
    {
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        var loaded = store.Load();
        if (loaded.Error is { } error)
        {
            if (loaded.MovedTo is { } movedTo)
            {
                ExclusionLog.Corrupt(logger, loaded.Path, error, movedTo);
            }
            else
            {
                _unreadable = error;
                ExclusionLog.Unreadable(logger, loaded.Path, error);
            }
        }
        else if (loaded.Exclusions.Count > 0)
        {
            ExclusionLog.Restored(logger, loaded.Exclusions.Count, loaded.Path);
        }

        _entries = loaded.Exclusions.Select(e => new Entry(e, Compile(e))).ToArray();
        Show();
    }

    /// <summary>The exclusions now in force, oldest first.</summary>
    public IReadOnlyList<Exclusion> List() => _entries.Select(e => e.Exclusion).ToArray();

    /// <summary>
    /// Checks <paramref name="draft"/> against the configured <paramref name="selectors"/> and the bounds, saves it and
    /// puts it in force; <paramref name="user"/> is who asked (logged and kept as <c>created_by</c>).
    /// </summary>
    public ExclusionChange Add(ExclusionDraft draft, IReadOnlyCollection<string> selectors, string user)
    {
        if (Check(draft, selectors) is { } error)
        {
            return ExclusionChange.Bad(error);
        }

        var start = Time(draft.Start!)!.Value;
        var end = Time(draft.End!)!.Value;
        var matcher = SeriesMatcher.TryCreate(draft.Matcher!, out _)!;
        var who = Truncate(user, MaxUserLength);
        lock (_gate)
        {
            if (_unreadable is not null)
            {
                return new(null, $"the exclusions file {_store.FilePath} could not be read at start ({_unreadable}); fix it and restart", false);
            }

            if (_entries.Count(e => e.Exclusion.Source == Exclusion.ApiSource) >= MaxExclusions)
            {
                return ExclusionChange.Bad($"there are already {MaxExclusions} exclusions, the most kept; delete some first");
            }

            var exclusion = new Exclusion(
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                start.ToUnixTimeMilliseconds(),
                end.ToUnixTimeMilliseconds(),
                draft.Matcher!,
                string.IsNullOrEmpty(draft.Selector) ? null : draft.Selector,
                draft.Comment ?? "",
                who,
                _time.GetUtcNow().ToUnixTimeMilliseconds());
            Entry[] next = [.. _entries, new Entry(exclusion, matcher)];
            try
            {
                _store.Save(next.Select(e => e.Exclusion).ToArray());
            }
            catch (StateStoreException e)
            {
                return new(null, e.Message, false);
            }

            _entries = next;
            Show();
            ExclusionLog.Added(_logger, exclusion.Id, who, exclusion.Matcher, exclusion.Selector ?? "(any)", start, end, exclusion.Comment);
            return new(exclusion, null, false);
        }
    }

    /// <summary>Deletes the exclusion <paramref name="id"/>; null when there is none, else the change (an error if not saved).</summary>
    public ExclusionChange? Remove(string id, string user)
    {
        lock (_gate)
        {
            var found = Array.FindIndex(_entries, e => e.Exclusion.Id == id);
            if (found < 0)
            {
                return null;
            }

            if (_unreadable is not null)
            {
                return new(null, $"the exclusions file {_store.FilePath} could not be read at start ({_unreadable}); fix it and restart", false);
            }

            var removed = _entries[found].Exclusion;
            if (removed.Source == Exclusion.AlertmanagerSource)
            {
                return ExclusionChange.Bad(
                    $"exclusion {id} mirrors an Alertmanager silence; expire it there (amtool silence expire {id["silence-".Length..]}) and the next poll removes it");
            }

            var next = _entries.Where((_, i) => i != found).ToArray();
            try
            {
                _store.Save(next.Select(e => e.Exclusion).ToArray());
            }
            catch (StateStoreException e)
            {
                return new(null, e.Message, false);
            }

            _entries = next;
            Show();
            ExclusionLog.Deleted(
                _logger, removed.Id, Truncate(user, MaxUserLength), removed.Matcher, removed.Selector ?? "(any)",
                DateTimeOffset.FromUnixTimeMilliseconds(removed.StartMs), DateTimeOffset.FromUnixTimeMilliseconds(removed.EndMs));
            return new(removed, null, false);
        }
    }

    /// <summary>
    /// The windows to leave out when fitting <paramref name="key"/> of <paramref name="selector"/>, in the order they
    /// were added: those of every exclusion (not <c>expected</c>) whose selector is unset or equal and whose matcher
    /// matches the series' shaped labels (<c>__name__</c> is the source metric's name when shaping dropped it).
    /// </summary>
    public IReadOnlyList<TimeRange> For(string selector, SeriesKey key) => Ranges(selector, key, expected: false);

    /// <summary>The <c>expected</c> windows of <paramref name="key"/>: kept in the fit, and its band widened to hold them.</summary>
    public IReadOnlyList<TimeRange> ExpectedFor(string selector, SeriesKey key) => Ranges(selector, key, expected: true);

    /// <summary>
    /// Makes the exclusions mirrored from Alertmanager exactly <paramref name="mirrored"/> (each with
    /// <see cref="Exclusion.Source"/> <c>alertmanager</c>): new ones are added, changed ones replaced (keeping the
    /// earliest start seen), those whose silence is gone or expired removed; saved before they count. Nothing is written when nothing changed.
    /// Returns the number added and removed, or the error that kept the previous ones in force.
    /// </summary>
    public (int Added, int Removed, string? Error) Sync(IReadOnlyList<Exclusion> mirrored)
    {
        lock (_gate)
        {
            if (_unreadable is not null)
            {
                return (0, 0, $"the exclusions file {_store.FilePath} could not be read at start ({_unreadable}); fix it and restart");
            }

            var current = _entries.Where(e => e.Exclusion.Source == Exclusion.AlertmanagerSource).ToDictionary(e => e.Exclusion.Id, StringComparer.Ordinal);
            var kept = new List<Entry>();
            var added = new List<Exclusion>();
            foreach (var listed in mirrored.Take(MaxExclusions))
            {
                // The earliest start seen stays: the alerts that moved it back may have resolved since.
                var exclusion = current.TryGetValue(listed.Id, out var seen) && seen.Exclusion.StartMs < listed.StartMs
                    ? listed with { StartMs = seen.Exclusion.StartMs }
                    : listed;
                if (current.TryGetValue(exclusion.Id, out var same) && same.Exclusion == exclusion with { CreatedAtMs = same.Exclusion.CreatedAtMs })
                {
                    kept.Add(same);
                    continue;
                }

                kept.Add(new Entry(exclusion, Compile(exclusion)));
                added.Add(exclusion);
            }

            var keptIds = kept.Select(e => e.Exclusion.Id).ToHashSet(StringComparer.Ordinal);
            var removed = current.Values.Where(e => !keptIds.Contains(e.Exclusion.Id)).Select(e => e.Exclusion).ToList();
            if (added.Count == 0 && removed.Count == 0)
            {
                return (0, 0, null);
            }

            Entry[] next = [.. _entries.Where(e => e.Exclusion.Source != Exclusion.AlertmanagerSource), .. kept];
            try
            {
                _store.Save(next.Select(e => e.Exclusion).ToArray());
            }
            catch (StateStoreException e)
            {
                return (0, 0, e.Message);
            }

            _entries = next;
            Show();
            foreach (var r in removed)
            {
                ExclusionLog.Deleted(
                    _logger, r.Id, "alertmanager (silence expired or gone)", r.Matcher, r.Selector ?? "(any)",
                    DateTimeOffset.FromUnixTimeMilliseconds(r.StartMs), DateTimeOffset.FromUnixTimeMilliseconds(r.EndMs));
            }

            foreach (var a in added)
            {
                ExclusionLog.Added(
                    _logger, a.Id, $"{a.CreatedBy} (alertmanager silence, {a.Kind})", a.Matcher, a.Selector ?? "(any)",
                    DateTimeOffset.FromUnixTimeMilliseconds(a.StartMs), DateTimeOffset.FromUnixTimeMilliseconds(a.EndMs), a.Comment);
            }

            return (added.Count, removed.Count, null);
        }
    }

    /// <summary>What is wrong with <paramref name="draft"/>, or null.</summary>
    internal static string? Check(ExclusionDraft draft, IReadOnlyCollection<string> selectors)
    {
        if (string.IsNullOrEmpty(draft.Start) || string.IsNullOrEmpty(draft.End))
        {
            return $"\"start\" and \"end\" are required: {PromTimestamp.Expected}";
        }

        if (Time(draft.Start) is not { } start)
        {
            return $"cannot parse \"{Truncate(draft.Start, 64)}\" to a valid timestamp for \"start\": expected {PromTimestamp.Expected}";
        }

        if (Time(draft.End) is not { } end)
        {
            return $"cannot parse \"{Truncate(draft.End, 64)}\" to a valid timestamp for \"end\": expected {PromTimestamp.Expected}";
        }

        if (end <= start)
        {
            return "end timestamp must not be before or equal to start time";
        }

        if (string.IsNullOrWhiteSpace(draft.Matcher))
        {
            return "\"matcher\" is required: a series selector such as {route=\"/api/v1/messages\"}";
        }

        if (draft.Matcher.Length > MaxMatcherLength)
        {
            return $"\"matcher\" is {draft.Matcher.Length} characters, more than the {MaxMatcherLength} allowed";
        }

        if (SeriesMatcher.TryCreate(draft.Matcher, out var matcherError) is null)
        {
            return $"invalid \"matcher\": {matcherError}";
        }

        if (!string.IsNullOrEmpty(draft.Selector) && !selectors.Contains(draft.Selector))
        {
            var known = selectors.Count == 0 ? "none are configured" : "configured: " + string.Join(", ", selectors.Order(StringComparer.Ordinal));
            return $"unknown selector \"{Truncate(draft.Selector, 64)}\" ({known})";
        }

        if (draft.Comment is { Length: > MaxCommentLength })
        {
            return $"\"comment\" is {draft.Comment.Length} characters, more than the {MaxCommentLength} allowed";
        }

        return null;
    }

    private IReadOnlyList<TimeRange> Ranges(string selector, SeriesKey key, bool expected)
    {
        var entries = _entries;
        List<TimeRange>? ranges = null;
        foreach (var entry in entries)
        {
            if (entry.Matcher is null || entry.Exclusion.Expected != expected || (entry.Exclusion.Selector is { } only && only != selector))
            {
                continue;
            }

            if (entry.Matcher.Matches(name => name == LabelSet.MetricName && key.Labels.Get(name).Length == 0 ? key.Metric : key.Labels.Get(name)))
            {
                (ranges ??= []).Add(new TimeRange(entry.Exclusion.StartMs, entry.Exclusion.EndMs));
            }
        }

        return ranges ?? (IReadOnlyList<TimeRange>)[];
    }

    private static DateTimeOffset? Time(string text) => PromTimestamp.TryParse(text, out var time) ? time : null;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private SeriesMatcher? Compile(Exclusion exclusion)
    {
        var matcher = SeriesMatcher.TryCreate(exclusion.Matcher, out var error);
        if (matcher is null)
        {
            ExclusionLog.BadMatcher(_logger, exclusion.Id, _store.FilePath, error ?? "");
        }

        return matcher;
    }

    private void Show() => _metrics.Show(_entries.Select(e =>
        (e.Exclusion.Id, e.Exclusion.Selector ?? "", e.Exclusion.Matcher, e.Exclusion.Comment, e.Exclusion.Source, e.Exclusion.Kind, e.Exclusion.StartMs, e.Exclusion.EndMs)));

    private sealed record Entry(Exclusion Exclusion, SeriesMatcher? Matcher);
}
