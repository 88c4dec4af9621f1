using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Sources;
using Sidecar.Syntax;

namespace Sidecar.Tests.Sources;

public class QueryRangeExpressionTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // match, shaping (input function range aggregate labels), expected PromQL
        { "queue_depth", "grid none 5m none", "{__name__=\"queue_depth\"}" },
        { "http_requests_total{job=\"api\"}", "grid rate 5m sum job", "{__name__=\"http_requests_total\",job=\"api\"}" },
        { "queue_depth", "store none 5m none", "{__name__=\"queue_depth\"}" },
        { "queue_depth", "store none 5m avg job", "avg by (job) ({__name__=\"queue_depth\"})" },
        { "http_requests_total{job=\"api\"}", "store rate 5m sum job,route", "sum by (job, route) (rate({__name__=\"http_requests_total\",job=\"api\"}[5m]))" },
        { "x_total", "store increase 1h30m max -instance", "max without (instance) (increase({__name__=\"x_total\"}[1h30m]))" },
        { "x_total", "store delta 90s count", "count (delta({__name__=\"x_total\"}[1m30s]))" },
        { "{__name__=~\"a|b\",path!~'/x\"y\\\\\\\\z',code!=\"5\\n\"}", "store rate 5m none",
          "rate({__name__=~\"a|b\",path!~\"/x\\\"y\\\\\\\\z\",code!=\"5\\n\"}[5m])" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void For_Shaping_WritesThePromQL(string match, string shaping, string expected)
    {
        var parts = shaping.Split(' ');
        var labels = parts.Length > 4 ? parts[4] : "";
        var without = labels.StartsWith('-');
        var list = labels.Length == 0 ? [] : labels.TrimStart('-').Split(',');
        var options = new ShapingOptions
        {
            Input = parts[0] == "store" ? SeriesInput.Shaped : SeriesInput.GridPoints,
            Function = Enum.Parse<RangeFunction>(parts[1], ignoreCase: true),
            Range = PromDuration.Parse(parts[2]),
            Aggregate = Enum.Parse<AggregateOp>(parts[3], ignoreCase: true),
            Without = without,
            By = without ? [] : list,
            WithoutLabels = without ? list : [],
        };

        var promql = QueryRangeExpression.For(options, SeriesSelectorParser.Parse(match));

        Assert.Equal(expected, promql);
    }

    [Fact]
    public void Selector_RoundTripsThroughTheParser()
    {
        var matchers = SeriesSelectorParser.Parse("{__name__=\"m\",a=~\"x.*\",b!=\"q\\\"\\\\\\t\",c!~\"é\\u0001\"}");

        var written = QueryRangeExpression.Selector(matchers);

        Assert.Equal(matchers, SeriesSelectorParser.Parse(written));
    }
}
