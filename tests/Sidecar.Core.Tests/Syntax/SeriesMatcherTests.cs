using Sidecar.RemoteRead;
using Sidecar.Syntax;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Core.Tests.Syntax;

public sealed class SeriesMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["__name__"] = "predicted", ["instance"] = "host-1.example:9100" };

    [Theory]
    [InlineData(MatchType.Equal, "__name__", "predicted", true)]
    [InlineData(MatchType.NotEqual, "__name__", "predicted", false)]
    [InlineData(MatchType.RegexMatch, "instance", "host-1\\.example:.*", true)]
    [InlineData(MatchType.RegexMatch, "instance", "host-1", false)]
    [InlineData(MatchType.RegexNoMatch, "instance", "host-2.*", true)]
    [InlineData(MatchType.Equal, "absent", "", true)]
    [InlineData(MatchType.RegexMatch, "absent", ".+", false)]
    public void TryCreate_ParsedMatchers_MatchAsPromQL(MatchType type, string name, string value, bool expected)
    {
        var matcher = SeriesMatcher.TryCreate([new Matcher(type, name, value)], out var error);

        Assert.Null(error);
        Assert.Equal(expected, matcher!.Matches(n => Labels.GetValueOrDefault(n, "")));
    }

    [Fact]
    public void TryCreate_ParsedMatchers_TextIsASelectorAndBadRegexSaysWhich()
    {
        Assert.Equal("{__name__=\"a\\\"b\",job!~\"x\"}", SeriesMatcher.TryCreate(
            [new Matcher(MatchType.Equal, "__name__", "a\"b"), new Matcher(MatchType.RegexNoMatch, "job", "x")], out _)!.Text);

        Assert.Null(SeriesMatcher.TryCreate([new Matcher(MatchType.RegexMatch, "job", "(?=x)")], out var error));
        Assert.Contains("job", error, StringComparison.Ordinal);
    }
}
