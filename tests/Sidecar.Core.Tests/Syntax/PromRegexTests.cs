using Sidecar.Syntax;

namespace Sidecar.Core.Tests.Syntax;

public class PromRegexTests
{
    [Theory]
    [InlineData("5..", "500", true)]
    [InlineData("5..", "5000", false)]
    [InlineData("5..", "x500", false)]
    [InlineData("a|b", "a", true)]
    [InlineData("a|b", "ab", false)]
    [InlineData("abc", "abc\n", false)]
    [InlineData("(?P<x>a)b", "ab", true)]
    [InlineData("[[:digit:]]+", "123", true)]
    [InlineData("[[:alpha:]_]+", "a_b", true)]
    [InlineData("[[:alpha:]]+", "a1", false)]
    [InlineData("\\pL+", "abc", true)]
    [InlineData("[]a]+", "]a", true)]
    [InlineData("(?i)get", "GET", true)]
    [InlineData(".*", "", true)]
    public void TryCompile_Pattern_MatchesFullyAnchored(string pattern, string input, bool expected)
    {
        Assert.True(PromRegex.TryCompile(pattern, out var regex, out var error), error);
        Assert.Equal(expected, regex.IsMatch(input));
    }

    [Theory]
    [InlineData("(")]
    [InlineData("a(?=b)")]
    [InlineData("a(?!b)")]
    [InlineData("(?<=a)b")]
    [InlineData("(?<!a)b")]
    [InlineData("(?>a)")]
    [InlineData("(a)\\1")]
    [InlineData("(?<n>a)\\k<n>")]
    [InlineData("a\\Z")]
    [InlineData("(?x)a b")]
    [InlineData("(?U)a+")]
    [InlineData("a**")]
    public void TryCompile_NotRe2_Fails(string pattern)
    {
        Assert.False(PromRegex.TryCompile(pattern, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
