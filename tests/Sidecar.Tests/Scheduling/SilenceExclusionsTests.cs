using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.Series;
using Sidecar.State;
using Sidecar.Syntax;

namespace Sidecar.Tests.Scheduling;

public sealed class SilenceExclusionsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Silence Silence(string comment, string state = "active", params SilenceMatcher[] matchers) =>
        new("a1b2", matchers, Start, Start.AddHours(1), "alice", comment, state);

    private static SilenceMatcher Eq(string name, string value) => new(name, value, IsRegex: false, IsEqual: true);

    private static readonly SilenceMatcher Alert = Eq("alertname", "AnomalyDetected");

    private static readonly Dictionary<string, DateTimeOffset> NoAlerts = [];

    [Fact]
    public void From_SilenceMutingAnEarlierAlert_StartsWhenTheAlertDid()
    {
        var since = new Dictionary<string, DateTimeOffset> { ["a1b2"] = Start.AddMinutes(-40), ["other"] = Start.AddHours(-5) };

        var (exclusions, _) = SilenceExclusions.From([Silence("sidecar:exclude", "active", Alert, Eq("job", "api"))], since, [], 0);

        Assert.Equal(Start.AddMinutes(-40).ToUnixTimeMilliseconds(), Assert.Single(exclusions).StartMs);
    }

    [Fact]
    public void From_ExcludeSilence_MapsMatchersOntoTheSeries()
    {
        var silence = Silence(
            "sidecar:exclude INC-42 failover", "active",
            Alert, Eq("severity", "warning"), Eq("anomaly_series", "{route=\"/a\"}"), Eq("selector", "errors"), Eq("metric", "http_errors"),
            Eq("route", "/api/v1/messages"), new("code", "5..", IsRegex: true, IsEqual: true), new("env", "dev", IsRegex: false, IsEqual: false),
            Eq("cluster", "eu-1"));

        var (exclusions, refused) = SilenceExclusions.From([silence], new Dictionary<string, DateTimeOffset>(), ["cluster"], 42);

        Assert.Empty(refused);
        var e = Assert.Single(exclusions);
        Assert.Equal(new Exclusion(
            "silence-a1b2", Start.ToUnixTimeMilliseconds(), Start.AddHours(1).ToUnixTimeMilliseconds(),
            "{__name__=\"http_errors\",route=\"/api/v1/messages\",code=~\"5..\",env!=\"dev\"}", "errors",
            "sidecar:exclude INC-42 failover", "alice", 42, Exclusion.AlertmanagerSource, Expected: false), e);
        var matcher = SeriesMatcher.TryCreate(e.Matcher, out _)!;
        Assert.True(matcher.Matches(n => n switch { "__name__" => "http_errors", "route" => "/api/v1/messages", "code" => "503", _ => "" }));
    }

    [Fact]
    public void From_ExpectedMarker_IsExpectedAndPendingCounts()
    {
        var (exclusions, _) = SilenceExclusions.From([Silence("  sidecar:expected load test", "pending", Alert, Eq("job", "api"))], NoAlerts, [], 0);

        var e = Assert.Single(exclusions);
        Assert.True(e.Expected);
        Assert.Equal("expected", e.Kind);
        Assert.Equal("{job=\"api\"}", e.Matcher);
        Assert.Null(e.Selector);
    }

    [Theory]
    [InlineData("sidecar:exclude", "expired")]
    [InlineData("deploy of api", "active")]
    [InlineData("Sidecar:Exclude", "active")]
    public void From_ExpiredOrUnmarked_IsIgnoredSilently(string comment, string state)
    {
        var (exclusions, refused) = SilenceExclusions.From([Silence(comment, state, Alert, Eq("job", "api"))], NoAlerts, [], 0);

        Assert.Empty(exclusions);
        Assert.Empty(refused);
    }

    public static TheoryData<SilenceMatcher[], string> Refusals() => new()
    {
        { [Eq("job", "api")], "it has no alertname matcher; add alertname=AnomalyDetected" },
        { [Eq("alertname", "TrafficDrop"), Eq("job", "api")], "its alertname matcher does not match AnomalyDetected" },
        { [new("alertname", "Anomaly.*", true, true), new("selector", "err.*", true, true)], "its selector matcher must be an equality (selector=\"name\"), or leave it out for every selector" },
        { [Alert, Eq("severity", "critical")], "it matches no series label or selector, so it would exclude every series" },
        { [Alert, new("route", "(", true, true)], "matcher on route:" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void From_UnusableMarkedSilence_IsRefusedWithItsReason(SilenceMatcher[] matchers, string reason)
    {
        var (exclusions, refused) = SilenceExclusions.From([Silence("sidecar:exclude x", "active", matchers)], NoAlerts, [], 0);

        Assert.Empty(exclusions);
        var (id, why) = Assert.Single(refused);
        Assert.Equal("a1b2", id);
        Assert.StartsWith(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void From_RegexAlertnameMatchingAnomalyDetected_AndOnlySelector_ExcludesThatSelector()
    {
        var (exclusions, _) = SilenceExclusions.From(
            [Silence("sidecar:exclude", "active", new("alertname", "Anomaly.+", true, true), Eq("selector", "errors"))], NoAlerts, [], 0);

        var e = Assert.Single(exclusions);
        Assert.Equal("errors", e.Selector);
        Assert.True(SeriesMatcher.TryCreate(e.Matcher, out _)!.Matches(n => n == "__name__" ? "http_errors" : ""));
    }
}
