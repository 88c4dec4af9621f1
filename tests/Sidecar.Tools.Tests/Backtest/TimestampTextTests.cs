using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class TimestampTextTests
{
    [Theory]
    [InlineData("2014-07-01 00:30:00", 1404174600000L)]
    [InlineData("2014-07-01T00:30:00", 1404174600000L)]
    [InlineData("2014-07-01T00:30:00Z", 1404174600000L)]
    [InlineData("2014-07-01 00:30:00Z", 1404174600000L)]
    [InlineData("2014-07-01T02:30:00+02:00", 1404174600000L)]
    [InlineData("2014-07-01T02:30:00+0200", 1404174600000L)]
    [InlineData("2014-06-30T22:30:00-02:00", 1404174600000L)]
    [InlineData("2014-07-01T00:30:00.250Z", 1404174600250L)]
    [InlineData("2014-07-01 00:30", 1404174600000L)]
    [InlineData("2014-07-01", 1404172800000L)]
    [InlineData("1404174600", 1404174600000L)]
    [InlineData("1404174600.123", 1404174600123L)]
    [InlineData(" 1404174600 ", 1404174600000L)]
    [InlineData("0", 0L)]
    public void TryParse_SupportedFormat_UnixMilliseconds(string text, long expected)
    {
        Assert.True(TimestampText.TryParse(text, out long ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2014-13-01 00:00:00")]
    [InlineData("2014-07-01X00:30:00")]
    [InlineData("1.2.3")]
    [InlineData("01/07/2014")]
    public void TryParse_Garbage_False(string text)
    {
        Assert.False(TimestampText.TryParse(text, out _));
    }
}
