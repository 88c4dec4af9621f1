using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

public sealed class StepGridTests
{
    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 59_999, 1)]
    [InlineData(0, 60_000, 2)]
    [InlineData(1_000, 3_601_000, 61)]
    [InlineData(10, 9, 0)]
    public void Between_StartEndStep_HasEveryStartPlusKStepUpToEnd(long start, long end, int expectedCount)
    {
        var grid = StepGrid.Between(start, end, 60_000);

        Assert.Equal(expectedCount, grid.Count);
        if (expectedCount > 0)
        {
            Assert.Equal(start, grid.TimestampMs(0));
            Assert.True(grid.EndMs <= end && grid.EndMs + 60_000 > end);
        }
    }

    [Theory]
    [InlineData(125_000, 60_000, 120_000)]
    [InlineData(120_000, 60_000, 120_000)]
    [InlineData(-1, 60_000, -60_000)]
    public void AlignDown_Time_IsTheLastMultipleOfStepNotAfterIt(long time, long step, long expected)
    {
        Assert.Equal(expected, StepGrid.AlignDown(time, step));
    }

    [Fact]
    public void Between_NonPositiveStep_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StepGrid.Between(0, 10, 0));
    }
}
