using Sidecar.Models.Scoring;

namespace Sidecar.Models.Tests.Scoring;

public sealed class AnomalyScoreTests
{
    private static readonly ModelOptions Both = new();

    [Theory]
    [InlineData(100, 0.0)] // at predicted
    [InlineData(110, 1.0)] // upper edge (half-width 10)
    [InlineData(105, 0.5)] // linear inside
    [InlineData(130, 3.0)] // linear beyond
    [InlineData(80, 1.0)]  // lower edge (half-width 20)
    [InlineData(90, 0.5)]
    [InlineData(60, 2.0)]
    public void Compute_AsymmetricBand_LinearInBandUnitsOnEachSide(double value, double expected)
    {
        var score = AnomalyScore.Compute(value, 100, 80, 110, Both);

        Assert.Equal(expected, score, 12);
    }

    [Theory]
    [InlineData(DetectionDirection.Above, 130, 3.0)]
    [InlineData(DetectionDirection.Above, 60, 0.0)]
    [InlineData(DetectionDirection.Below, 130, 0.0)]
    [InlineData(DetectionDirection.Below, 60, 2.0)]
    [InlineData(DetectionDirection.Both, 60, 2.0)]
    public void Compute_Direction_IgnoresTheOtherSide(DetectionDirection direction, double value, double expected)
    {
        var score = AnomalyScore.Compute(value, 100, 80, 110, Both with { DetectionDirection = direction });

        Assert.Equal(expected, score, 12);
    }

    [Fact]
    public void Compute_MinDevFromExpected_KeepsSmallDeviationsBelowOne()
    {
        var options = Both with { MinDevFromExpected = 50 };

        Assert.True(AnomalyScore.Compute(149, 100, 80, 110, options) < 1);
        Assert.Equal(1.0, AnomalyScore.Compute(150, 100, 80, 110, options), 12);
        Assert.True(AnomalyScore.Compute(151, 100, 80, 110, options) > 1);
        Assert.Equal(0.0, AnomalyScore.Compute(100, 100, 80, 110, options));
    }

    [Fact]
    public void Compute_MinRelDevFromExpected_ScalesWithPredicted()
    {
        var options = Both with { MinRelDevFromExpected = 0.5 };

        // half-width max(10, 0.5 × 100) = 50 above, max(20, 50) = 50 below
        Assert.Equal(0.98, AnomalyScore.Compute(149, 100, 80, 110, options), 12);
        Assert.Equal(0.98, AnomalyScore.Compute(51, 100, 80, 110, options), 12);
        // negative predictions use |predicted|
        Assert.Equal(0.5, AnomalyScore.Compute(-75, -100, -110, -90, options), 12);
    }

    [Fact]
    public void Compute_WideBand_MinDevsDoNotNarrowIt()
    {
        var options = Both with { MinDevFromExpected = 1, MinRelDevFromExpected = 0.01 };

        Assert.Equal(1.0, AnomalyScore.Compute(110, 100, 80, 110, options), 12);
    }

    [Fact]
    public void Compute_MissingValueOrPrediction_ScoresZero()
    {
        Assert.Equal(0.0, AnomalyScore.Compute(double.NaN, 100, 80, 110, Both));
        Assert.Equal(0.0, AnomalyScore.Compute(100, double.NaN, double.NaN, double.NaN, Both));
    }

    [Fact]
    public void Compute_ZeroWidthBand_ZeroAtPredictedInfiniteElsewhere()
    {
        Assert.Equal(0.0, AnomalyScore.Compute(5, 5, 5, 5, Both));
        Assert.Equal(double.PositiveInfinity, AnomalyScore.Compute(6, 5, 5, 5, Both));
    }

    [Fact]
    public void Compute_Spans_MatchesScalar()
    {
        double[] values = [100, 110, 60, double.NaN];
        double[] predicted = [100, 100, 100, 100];
        double[] lower = [80, 80, 80, 80];
        double[] upper = [110, 110, 110, 110];
        var scores = new double[4];

        AnomalyScore.Compute(values, predicted, lower, upper, Both, scores);

        Assert.Equal([0.0, 1.0, 2.0, 0.0], scores);
    }

    [Fact]
    public void Compute_SpansOfDifferentLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => AnomalyScore.Compute(new double[2], new double[2], new double[2], new double[1], Both, new double[2]));
    }
}
