using Sidecar.RemoteRead.Client;

namespace Sidecar.RemoteRead.Tests.Client;

public sealed class RangeSplitterTests
{
    [Theory]
    [InlineData(0, 0, 10, new long[] { 0, 0 })]
    [InlineData(0, 9, 10, new long[] { 0, 9 })]
    [InlineData(0, 10, 10, new long[] { 0, 9, 10, 10 })]
    [InlineData(0, 29, 10, new long[] { 0, 9, 10, 19, 20, 29 })]
    [InlineData(5, 27, 10, new long[] { 5, 14, 15, 24, 25, 27 })]
    [InlineData(-15, 4, 10, new long[] { -15, -6, -5, 4 })]
    public void Split_Window_CoversEveryMillisecondExactlyOnce(long start, long end, long max, long[] expected)
    {
        var ranges = RangeSplitter.Split(start, end, max);

        Assert.Equal(expected, ranges.SelectMany(r => new[] { r.StartMs, r.EndMs }));
    }

    [Fact]
    public void Split_NearLongMaxValue_DoesNotOverflow()
    {
        var ranges = RangeSplitter.Split(long.MaxValue - 25, long.MaxValue, 10);

        Assert.Equal(3, ranges.Count);
        Assert.Equal(long.MaxValue, ranges[^1].EndMs);
    }

    [Fact]
    public void Split_FourteenDaysByOneDay_FourteenContiguousRanges()
    {
        const long day = 86_400_000;
        var ranges = RangeSplitter.Split(0, (14 * day) - 1, day);

        Assert.Equal(14, ranges.Count);
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].EndMs + 1, ranges[i].StartMs);
        }
    }

    [Fact]
    public void Split_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => RangeSplitter.Split(10, 9, 5));
    }
}
