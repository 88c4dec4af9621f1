using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.Series;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Tests.Scheduling;

public sealed class NarrowMatchersTests
{
    private static readonly Matcher[] Selector = [new(MatchType.Equal, "__name__", "http_requests_total"), new(MatchType.RegexMatch, "code", "5..")];

    [Fact]
    public void For_UnaggregatedGauge_AddsEveryLabelIncludingTheName()
    {
        var key = new SeriesKey(LabelSet.From(("__name__", "http_requests_total"), ("job", "api")), "http_requests_total");

        var matchers = NarrowMatchers.For(Selector, new ShapingOptions(), key);

        Assert.Equal(
            [.. Selector, new(MatchType.Equal, "__name__", "http_requests_total"), new(MatchType.Equal, "job", "api")],
            matchers);
    }

    [Fact]
    public void For_RateWithoutName_AddsTheSingleMetricName()
    {
        var key = new SeriesKey(LabelSet.From(("job", "api")), "http_requests_total");

        var matchers = NarrowMatchers.For(Selector, new ShapingOptions { Function = RangeFunction.Rate }, key);

        Assert.Contains(new Matcher(MatchType.Equal, "__name__", "http_requests_total"), matchers);
    }

    [Fact]
    public void For_SeveralMetricNames_AddsNoNameMatcher()
    {
        var key = new SeriesKey(LabelSet.From(("job", "api")), "a_total|b_total");

        var matchers = NarrowMatchers.For(Selector, new ShapingOptions { Function = RangeFunction.Rate }, key);

        Assert.DoesNotContain(matchers.Skip(Selector.Length), m => m.Name == "__name__");
    }

    [Fact]
    public void For_SumByLabelTheGroupLacks_RequiresItEmpty()
    {
        var key = new SeriesKey(LabelSet.From(("job", "api")), "http_requests_total");
        var shaping = new ShapingOptions { Function = RangeFunction.Rate, Aggregate = AggregateOp.Sum, By = ["job", "route"] };

        var matchers = NarrowMatchers.For(Selector, shaping, key);

        Assert.Contains(new Matcher(MatchType.Equal, "route", ""), matchers);
        Assert.Contains(new Matcher(MatchType.Equal, "job", "api"), matchers);
    }
}
