using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class BandScoreTests
{
    [Theory]
    [InlineData(DetectionDirection.Both, 14.0, 2.0)]
    [InlineData(DetectionDirection.Both, 7.0, 3.0)]
    [InlineData(DetectionDirection.Above, 14.0, 2.0)]
    [InlineData(DetectionDirection.Above, 7.0, 0.0)]
    [InlineData(DetectionDirection.Below, 14.0, 0.0)]
    [InlineData(DetectionDirection.Below, 7.0, 3.0)]
    public void Score_Direction_OnlyScoresTheChosenSide(DetectionDirection direction, double value, double expected)
    {
        var options = new ModelOptions { DetectionDirection = direction };

        // Asymmetric band: upper half-width 2, lower half-width 1.
        Assert.Equal(expected, BandScore.Score(value, 10, 9, 12, options), 12);
    }

    [Fact]
    public void Score_DeviationBelowMinDev_StaysBelowOne()
    {
        var options = new ModelOptions { MinDevFromExpected = 5 };

        Assert.Equal(0.8, BandScore.Score(14, 10, 9, 11, options), 12);
        Assert.Equal(1.2, BandScore.Score(16, 10, 9, 11, options), 12);
    }

    [Fact]
    public void Score_DeviationBelowMinRelDev_StaysBelowOne()
    {
        var options = new ModelOptions { MinRelDevFromExpected = 0.1 };

        Assert.Equal(0.5, BandScore.Score(105, 100, 99, 101, options), 12);
    }

    [Fact]
    public void Score_MissingValueOrPrediction_IsZero()
    {
        Assert.Equal(0, BandScore.Score(double.NaN, 1, 0, 2, new ModelOptions()));
        Assert.Equal(0, BandScore.Score(1, double.NaN, double.NaN, double.NaN, new ModelOptions()));
    }
}
