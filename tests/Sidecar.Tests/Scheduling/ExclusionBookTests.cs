using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.Series;
using Sidecar.State;
using Sidecar.Testing;

namespace Sidecar.Tests.Scheduling;

public sealed class ExclusionBookTests : IDisposable
{
    private static readonly string[] Selectors = ["errors", "latency"];
    private readonly TempDirectory _directory = new("sidecar-exclusion-book-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    private readonly ListLogger _log = new();

    private ExclusionBook Book() => new(
        new ExclusionStore(_directory.File("data"), _time), new ExclusionMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())), _time, _log);

    private static SeriesKey Key(string metric, params (string, string)[] labels) => new(LabelSet.From(labels), metric);

    [Fact]
    public void For_MatcherAndSelector_ApplyOnlyToMatchingSeriesOfThatSelector()
    {
        var book = Book();
        Assert.NotNull(book.Add(new("1740830400", "1740834000", "{route=~\"/api/.*\",code!=\"200\"}", "errors", "a"), Selectors, "alice").Exclusion);
        Assert.NotNull(book.Add(new("1740834000", "1740837600", "http_errors{route=\"/health\"}", null, "b"), Selectors, "bob").Exclusion);

        var api = Key("http_errors", ("route", "/api/v1/messages"), ("code", "500"));
        Assert.Equal([new TimeRange(1740830400_000, 1740834000_000)], book.For("errors", api));
        Assert.Empty(book.For("latency", api));
        Assert.Empty(book.For("errors", Key("http_errors", ("route", "/api/v1/messages"), ("code", "200"))));
        // rate() dropped __name__: the source metric's name stands in for it; an absent label is "".
        Assert.Equal([new TimeRange(1740834000_000, 1740837600_000)], book.For("latency", Key("http_errors", ("route", "/health"))));
        Assert.Empty(book.For("latency", Key("other_metric", ("route", "/health"))));
    }

    [Fact]
    public void Add_ThenNewBookOnSameDirectory_RestoresEveryFieldAndRemoveIsSaved()
    {
        var first = Book();
        var added = first.Add(new("2025-03-01T12:00:00Z", "2025-03-01T13:00:00.250Z", "{job=\"api\"}", "errors", "INC-1 \"quoted\" ünicode"), Selectors, "alice").Exclusion!;
        first.Add(new("1740830400", "1740834000", "{job=\"db\"}", null, null), Selectors, "10.0.0.7");

        var second = Book();
        Assert.Equal(first.List(), second.List());
        Assert.Equal(added, second.List()[0]);
        Assert.Equal(1740834000_250, added.EndMs);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), added.CreatedAtMs);

        Assert.NotNull(second.Remove(added.Id, "bob")?.Exclusion);
        Assert.Null(second.Remove(added.Id, "bob"));
        var third = Book();
        Assert.Equal("{job=\"db\"}", Assert.Single(third.List()).Matcher);
        Assert.Contains(_log.Lines, l => l.StartsWith($"exclusion {added.Id} added by alice: {{job=\"api\"}} in selector errors from 03/01/2025 12:00:00 +00:00", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.StartsWith($"exclusion {added.Id} deleted by bob: {{job=\"api\"}} in selector errors", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("added by 10.0.0.7", StringComparison.Ordinal) && l.Contains("in selector (any)", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.StartsWith("2 exclusions restored from ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"version\": 1, \"exclusions\": [{\"id\": \"x\"}]}")]
    [InlineData("{\"version\": 2, \"exclusions\": []}")]
    [InlineData("{\"version\": 1, \"exclusions\": [{\"id\": \"x\", \"start_ms\": 5, \"end_ms\": 5, \"matcher\": \"{a=\\\"b\\\"}\"}]}")]
    [InlineData("not json")]
    [InlineData("")]
    public void New_CorruptFile_StartsEmptyMovesItAsideAndAcceptsChanges(string content)
    {
        var path = _directory.Write("data/exclusions.json", content);

        var book = Book();

        Assert.Empty(book.List());
        Assert.False(File.Exists(path));
        var aside = Assert.Single(Directory.GetFiles(_directory.File("data"), "exclusions.json.corrupt-*"));
        Assert.Equal(content, File.ReadAllText(aside));
        Assert.EndsWith("exclusions.json.corrupt-20250302T000000000", aside, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.StartsWith($"exclusions file {path} is bad (", StringComparison.Ordinal) && l.Contains($"moved to {aside}, starting without exclusions", StringComparison.Ordinal));
        Assert.NotNull(book.Add(new("1", "2", "{a=\"b\"}", null, null), Selectors, "alice").Exclusion);
        Assert.Single(Book().List());
    }

    [Fact]
    public void New_FileAboveTheBound_IsNotReadAndMovedAside()
    {
        var path = _directory.File("data/exclusions.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        {
            file.SetLength(ExclusionStore.MaxFileBytes + 1);
        }

        Assert.Empty(Book().List());
        Assert.Single(Directory.GetFiles(_directory.File("data"), "exclusions.json.corrupt-*"));
    }

    private static Exclusion Mirrored(string id, string matcher, bool expected = false, long endMs = 1740834000_000) =>
        new("silence-" + id, 1740830400_000, endMs, matcher, null, "sidecar:exclude", "alice", 7, Exclusion.AlertmanagerSource, expected);

    [Fact]
    public void Sync_MirrorsSilences_KeepsApiOnes_SavesOnlyChanges_AndRefusesApiDeletes()
    {
        var book = Book();
        var api = book.Add(new("1740830400", "1740834000", "{job=\"db\"}", null, "api one"), Selectors, "bob").Exclusion!;
        var key = Key("http_errors", ("job", "api"));

        Assert.Equal((2, 0, (string?)null), book.Sync([Mirrored("a", "{job=\"api\"}"), Mirrored("b", "{job=\"api\"}", expected: true)]));
        Assert.Equal([new TimeRange(1740830400_000, 1740834000_000)], book.For("errors", key));
        Assert.Equal([new TimeRange(1740830400_000, 1740834000_000)], book.ExpectedFor("errors", key));
        Assert.Contains(_log.Lines, l => l.StartsWith("exclusion silence-a added by alice (alertmanager silence, exclude)", StringComparison.Ordinal));

        var written = File.GetLastWriteTimeUtc(_directory.File("data/exclusions.json"));
        var lines = _log.Lines.Count;
        Thread.Sleep(20);
        Assert.Equal((0, 0, (string?)null), book.Sync([Mirrored("a", "{job=\"api\"}") with { CreatedAtMs = 99 }, Mirrored("b", "{job=\"api\"}", expected: true)]));
        Assert.Equal(written, File.GetLastWriteTimeUtc(_directory.File("data/exclusions.json")));
        Assert.Equal(lines, _log.Lines.Count);

        var refused = book.Remove("silence-a", "bob")!;
        Assert.True(refused.BadData);
        Assert.Contains("amtool silence expire a", refused.Error, StringComparison.Ordinal);

        // b's silence got a later end; a's expired: the next book (a restart) sees exactly that.
        Assert.Equal((1, 1, (string?)null), book.Sync([Mirrored("b", "{job=\"api\"}", expected: true, endMs: 1740837600_000)]));
        var restarted = Book().List();
        Assert.Equal([api.Id, "silence-b"], restarted.Select(e => e.Id));
        Assert.Equal(1740837600_000, restarted[1].EndMs);
        Assert.True(restarted[1].Expected);
        Assert.Equal(Exclusion.AlertmanagerSource, restarted[1].Source);
        Assert.Equal(Exclusion.ApiSource, restarted[0].Source);
        Assert.Contains(_log.Lines, l => l.StartsWith("exclusion silence-a deleted by alertmanager (silence expired or gone)", StringComparison.Ordinal));
        Assert.Empty(Book().For("errors", key));
    }

    [Fact]
    public void Load_FileWithoutSourceFields_ReadsApiExclusions()
    {
        Directory.CreateDirectory(_directory.File("data"));
        File.WriteAllText(_directory.File("data/exclusions.json"), """
            {"version": 1, "exclusions": [{"id": "0123456789abcdef", "start_ms": 1740830400000, "end_ms": 1740834000000,
              "matcher": "{job=\"api\"}", "comment": "old", "created_by": "alice", "created_at_ms": 1}]}
            """);

        var only = Assert.Single(Book().List());
        Assert.Equal(Exclusion.ApiSource, only.Source);
        Assert.False(only.Expected);
    }

    private sealed class ListLogger : ILogger<ExclusionBook>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
