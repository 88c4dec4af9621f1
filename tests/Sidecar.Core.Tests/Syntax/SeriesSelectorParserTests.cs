using MatchType = Sidecar.RemoteRead.MatchType;
using Sidecar.RemoteRead;
using Sidecar.Syntax;

namespace Sidecar.Core.Tests.Syntax;

public class SeriesSelectorParserTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "up", "__name__=up" },
        { "  up  ", "__name__=up" },
        { "http_requests_total:rate5m", "__name__=http_requests_total:rate5m" },
        { "m{a=\"b\"}", "__name__=m, a=b" },
        { "m{a=\"b\",c!=\"d\",e=~\"5..\",f!~\"x\"}", "__name__=m, a=b, c!=d, e=~5.., f!~x" },
        { "m{ a = \"b\" , }", "__name__=m, a=b" },
        { "m{}", "__name__=m" },
        { "{__name__=~\"x.*\"}", "__name__=~x.*" },
        { "{job=\"api\"}", "job=api" },
        { "m{a='single'}", "__name__=m, a=single" },
        { "m{a=`raw\\n`}", "__name__=m, a=raw\\n" },
        { "m{a=\"tab\\there\"}", "__name__=m, a=tab\there" },
        { "m{a=\"q\\\"uote\"}", "__name__=m, a=q\"uote" },
        { "m{a='it\\'s'}", "__name__=m, a=it's" },
        { "m{a=\"\\x41\\101\\u00e9\\U0001F600\"}", "__name__=m, a=AAé😀" },
        { "m{a=\"\\xc3\\xa9\"}", "__name__=m, a=é" },
        { "m{a=\"é\"}", "__name__=m, a=é" },
        { "m{a=\"\"}", "__name__=m, a=" },
        { "{\"my.metric\"}", "__name__=my.metric" },
        { "{\"my.metric\", job=\"x\"}", "__name__=my.metric, job=x" },
        { "{\"odd.label\"=\"v\"}", "odd.label=v" },
        { "m{code=~\"(?P<first>5)..\"}", "__name__=m, code=~(?P<first>5).." },
        { "m{a=~\"[[:digit:]]+\"}", "__name__=m, a=~[[:digit:]]+" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidSelector_ReturnsMatchers(string text, string expected)
    {
        Assert.Equal(expected, Describe(SeriesSelectorParser.Parse(text)));
    }

    public static TheoryData<string, int, string> Invalid => new()
    {
        { "", 0, "empty" },
        { "   ", 0, "empty" },
        { "{}", 0, "at least one matcher" },
        { "{a=\"\"}", 0, "at least one matcher" },
        { "{a=~\".*\"}", 0, "at least one matcher" },
        { "{a!=\"x\"}", 0, "at least one matcher" },
        { "{a!~\"x\"}", 0, "at least one matcher" },
        { "m{", 2, "missing '}'" },
        { "m{a}", 3, "one of =, !=, =~, !~" },
        { "m{a==\"b\"}", 4, "quoted label value" },
        { "m{a=b}", 4, "quoted label value" },
        { "m{a=\"b\" c=\"d\"}", 8, "',' or '}'" },
        { "m{a=\"b\"", 7, "',' or '}'" },
        { "m{a=\"unterminated}", 4, "unterminated" },
        { "m{a=\"bad\\q\"}", 8, "unknown escape sequence \\q" },
        { "m{a=\"\\'\"}", 5, "unknown escape" },
        { "m{a='\\\"'}", 5, "unknown escape" },
        { "m{a=\"\\x4\"}", 5, "escape" },
        { "m{a=\"\\400\"}", 5, "octal" },
        { "m{a=\"\\uD800\"}", 5, "Unicode" },
        { "m{a=\"\\xff\"}", 4, "UTF-8" },
        { "m{1a=\"b\"}", 2, "label name" },
        { "m{a=~\"(\"}", 5, "invalid regular expression" },
        { "m{a=~\"x(?=y)\"}", 5, "look-around" },
        { "m{a=~\"(a)\\\\1\"}", 5, "back-references" },
        { "m{a=~\"(?>a)\"}", 5, "not supported" },
        { "m{a=~\"a\\\\Z\"}", 5, "not supported" },
        { "m{__name__=\"x\"}", 2, "set twice" },
        { "m{\"n\"}", 2, "set twice" },
        { "m n", 2, "end of the selector" },
        { "m{a=\"b\"} x", 9, "end of the selector" },
        { "5xx", 0, "metric name" },
        { "m{a=\"line\nbreak\"}", 4, "unterminated" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_InvalidSelector_ReportsOffsetAndReason(string text, int offset, string reason)
    {
        Assert.False(SeriesSelectorParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithColumn()
    {
        var e = Assert.Throws<FormatException>(() => SeriesSelectorParser.Parse("m{a=b}"));
        Assert.StartsWith("column 5: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MetricName_ComesFirstAsEqualMatcher()
    {
        var matchers = SeriesSelectorParser.Parse("m{b=\"1\"}");

        Assert.Equal(new Matcher(MatchType.Equal, LabelSet.MetricName, "m"), matchers[0]);
        Assert.Equal(new Matcher(MatchType.Equal, "b", "1"), matchers[1]);
    }

    [Theory]
    [InlineData("job", true)]
    [InlineData("_x9", true)]
    [InlineData("__name__", true)]
    [InlineData("9x", false)]
    [InlineData("a:b", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    public void IsLabelName_Text_FollowsPrometheusRule(string name, bool expected)
    {
        Assert.Equal(expected, SeriesSelectorParser.IsLabelName(name));
    }

    private static string Describe(IEnumerable<Matcher> matchers) =>
        string.Join(", ", matchers.Select(m => m.Name + m.Type switch
        {
            MatchType.Equal => "=",
            MatchType.NotEqual => "!=",
            MatchType.RegexMatch => "=~",
            _ => "!~",
        } + m.Value));
}
