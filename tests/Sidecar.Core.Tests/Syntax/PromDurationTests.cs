using Sidecar.Syntax;

namespace Sidecar.Core.Tests.Syntax;

public class PromDurationTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "0", 0 },
        { "0s", 0 },
        { "500ms", 500 },
        { "30s", 30_000 },
        { "5m", 300_000 },
        { "1h30m", 5_400_000 },
        { "14d", 14 * 86_400_000L },
        { "1w", 7 * 86_400_000L },
        { "1y", 365 * 86_400_000L },
        { "1d12h", 36 * 3_600_000L },
        { "2h0m5s10ms", 7_205_010 },
        { "90m", 5_400_000 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidText_ReturnsMilliseconds(string text, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PromDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("-5m")]
    [InlineData("5M")]
    [InlineData("1.5h")]
    [InlineData("30m1h")]
    [InlineData("5m5m")]
    [InlineData("1x")]
    [InlineData(" 5m")]
    [InlineData("5 m")]
    [InlineData("99999999999999999999s")]
    [InlineData("999999999999y")]
    public void TryParse_InvalidText_FailsWithMessage(string text)
    {
        Assert.False(PromDuration.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(500L, "500ms")]
    [InlineData(30_000L, "30s")]
    [InlineData(5_400_000L, "1h30m")]
    [InlineData(86_400_000L, "1d")]
    [InlineData(7 * 86_400_000L, "1w")]
    [InlineData(14 * 86_400_000L, "2w")]
    [InlineData(90 * 86_400_000L, "90d")]
    [InlineData(365 * 86_400_000L, "1y")]
    [InlineData(86_400_000L + 1, "1d1ms")]
    public void Format_Duration_MatchesPrometheus(long ms, string expected)
    {
        Assert.Equal(expected, PromDuration.Format(TimeSpan.FromMilliseconds(ms)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(999L)]
    [InlineData(61_001L)]
    [InlineData(3_600_000L * 25 + 7)]
    [InlineData(8 * 86_400_000L)]
    [InlineData(366 * 86_400_000L)]
    [InlineData(400 * 86_400_000L + 3_723_004)]
    public void Format_ThenParse_RoundTrips(long ms)
    {
        var value = TimeSpan.FromMilliseconds(ms);
        Assert.Equal(value, PromDuration.Parse(PromDuration.Format(value)));
    }

    [Fact]
    public void Parse_ThenFormat_RoundTripsEveryValidExample()
    {
        foreach (var row in Valid)
        {
            var parsed = PromDuration.Parse((string)row[0]);
            Assert.Equal(parsed, PromDuration.Parse(PromDuration.Format(parsed)));
        }
    }
}
