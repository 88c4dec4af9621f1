using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class ForecastMetricsTests
{
    // y, ŷ, band ±1: errors -0.5, 0, 2, -1; the 4 is above the band by one half-width, the 0 sits on the lower edge.
    private static readonly double[] Y = [1, 2, 4, 0];
    private static readonly double[] P = [1.5, 2, 2, 1];
    private static readonly double[] L = [0.5, 1, 1, 0];
    private static readonly double[] U = [2.5, 3, 3, 2];

    [Fact]
    public void Compute_HandComputedCase_EveryMetric()
    {
        var m = ForecastMetrics.Compute(Y, P, L, U);

        Assert.Equal(4, m.Count);
        Assert.Equal(5.25 / 4, m.Mse, 12);
        Assert.Equal(Math.Sqrt(5.25 / 4), m.Rmse, 12);
        Assert.Equal(3.5 / 4, m.Mae, 12);
        Assert.Equal(1.0 / 3, m.Mape, 12);      // y = 0 is left out: (0.5 + 0 + 0.5) / 3
        Assert.Equal(0.5, m.Mdape, 12);         // median of 0, 0.5, 0.5
        Assert.Equal((0.4 + 0 + (2.0 / 3) + 2) / 4, m.Smape, 12);
        Assert.Equal(0.75, m.Coverage, 12);     // band edges count as inside
        Assert.Equal(0.25, m.ErrorCount, 12);
        Assert.Equal(1.0, m.ErrorMagnitude, 12);
        Assert.Equal(2.0, m.MeanBandWidth, 12);
    }

    [Fact]
    public void Compute_AsymmetricBand_ErrorMagnitudeUsesTheHalfWidthOnEachSide()
    {
        double[] y = [5, -1, 2];
        double[] p = [2, 2, 2];
        double[] l = [1, 1.5, 1];
        double[] u = [4, 4, 3];

        var m = ForecastMetrics.Compute(y, p, l, u);

        // (5 − 4) / (4 − 2) = 0.5 above; (1.5 − (−1)) / (2 − 1.5) = 5 below; the in-band point is not averaged.
        Assert.Equal(2.75, m.ErrorMagnitude, 12);
        Assert.Equal(2.0 / 3, m.ErrorCount, 12);
    }

    [Fact]
    public void Compute_NoPointOutside_ErrorMagnitudeZero()
    {
        var m = ForecastMetrics.Compute([1.0], [1.0], [0.0], [2.0]);

        Assert.Equal(0, m.ErrorMagnitude);
        Assert.Equal(0, m.ErrorCount);
        Assert.Equal(1, m.Coverage);
    }

    [Fact]
    public void Compute_AllActualsZero_MapeIsNaN()
    {
        var m = ForecastMetrics.Compute([0.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [1.0, 2.0]);

        Assert.True(double.IsNaN(m.Mape));
        Assert.True(double.IsNaN(m.Mdape));
        Assert.Equal(1.0, m.Smape, 12); // (0 + 2) / 2: a point with y = ŷ = 0 counts 0
    }

    [Fact]
    public void Compute_NonFinitePoints_AreSkipped()
    {
        var m = ForecastMetrics.Compute([1.0, double.NaN, 3.0], [1.0, 2.0, double.NaN], [0.0, 0.0, 0.0], [2.0, 2.0, 2.0]);

        Assert.Equal(1, m.Count);
    }

    [Fact]
    public void Compute_Empty_CountZeroAndNaN()
    {
        var m = ForecastMetrics.Compute([], [], [], []);

        Assert.Equal(0, m.Count);
        Assert.True(double.IsNaN(m.Rmse));
    }

    [Fact]
    public void Compute_WithScaleAndWidth_HandComputedMaseAndMsis()
    {
        // α = 0.05: interval scores 2, 2, 2 + 40·(4 − 3) = 42, 2 (the 0 on the lower edge is inside);
        // scaled by 1, 1, 2, 0.5: 2, 2, 21, 4, mean 7.25. Scaled absolute errors 0.5, 0, 1, 2, mean 0.875.
        var m = ForecastMetrics.Compute(Y, P, L, U, [1, 1, 2, 0.5], 0.95);

        Assert.Equal(0.875, m.Mase, 12);
        Assert.Equal(7.25, m.Msis, 12);
        Assert.Equal(0.75, m.Coverage, 12);
    }

    [Fact]
    public void Compute_PointWithoutScale_LeftOutOfMaseAndMsisOnly()
    {
        var m = ForecastMetrics.Compute(Y, P, L, U, [1, double.NaN, 2, 0.5], 0.95);

        Assert.Equal(4, m.Count);
        Assert.Equal(3.5 / 3, m.Mase, 12);      // (0.5 + 1 + 2) / 3
        Assert.Equal(27.0 / 3, m.Msis, 12);     // (2 + 21 + 4) / 3
    }

    [Fact]
    public void Compute_NoWidthOrNoScale_MsisNaN()
    {
        Assert.True(double.IsNaN(ForecastMetrics.Compute(Y, P, L, U).Msis));
        Assert.True(double.IsNaN(ForecastMetrics.Compute(Y, P, L, U).Mase));
        Assert.True(double.IsNaN(ForecastMetrics.Compute(Y, P, L, U, [1, 1, 1, 1], double.NaN).Msis));
        Assert.Equal(3.5 / 4, ForecastMetrics.Compute(Y, P, L, U, [1, 1, 1, 1], double.NaN).Mase, 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void Compute_WidthOutsideUnitInterval_Throws(double width) =>
        Assert.Throws<ArgumentException>(() => ForecastMetrics.Compute(Y, P, L, U, [1, 1, 1, 1], width));

    [Theory]
    [InlineData(5.0, 4.0, 6.0, 0.05, 2.0)]      // inside: the width only
    [InlineData(3.0, 4.0, 6.0, 0.05, 42.0)]     // 1 below: 2 + 40·1
    [InlineData(6.5, 4.0, 6.0, 0.2, 7.0)]       // 0.5 above, α 0.2: 2 + 10·0.5
    public void IntervalScore_HandComputed(double y, double lower, double upper, double alpha, double expected) =>
        Assert.Equal(expected, ForecastMetrics.IntervalScore(y, lower, upper, alpha), 12);

    [Fact]
    public void SeasonalNaiveMae_RegularSeries_MeanAbsoluteSeasonalDifference()
    {
        long[] ts = [0, 1, 2, 3, 4, 5];
        double[] v = [1, 3, 2, 6, 2, 5];

        // season 2: |2 − 1|, |6 − 3|, |2 − 2|, |5 − 6| → 5 / 4
        Assert.Equal(1.25, ForecastMetrics.SeasonalNaiveMae(ts, v, 2), 12);
    }

    [Fact]
    public void SeasonalNaiveMae_Gap_UsesTheLastValueAtOrBeforeOneSeasonAgo()
    {
        long[] ts = [0, 1, 3, 4];
        double[] v = [1, 2, 4, 8];

        // t = 3 looks back to 1 (value 2); t = 4 to 2, missing, so to 1 (value 2): (2 + 6) / 2
        Assert.Equal(4.0, ForecastMetrics.SeasonalNaiveMae(ts, v, 2), 12);
    }

    [Fact]
    public void SeasonalNaiveMae_ShorterThanOneSeason_NaN() =>
        Assert.True(double.IsNaN(ForecastMetrics.SeasonalNaiveMae([0L, 1L, 2L], [1.0, 2.0, 3.0], 5)));

    [Theory]
    [InlineData(MetricKind.Rmse, 1.1456439237389600)]
    [InlineData(MetricKind.Coverage, 0.2)]
    [InlineData(MetricKind.ErrorCount, 0.25)]
    public void Loss_IsTheMetricOrCoverageDistanceFromWidth(MetricKind metric, double expected)
    {
        var m = ForecastMetrics.Compute(Y, P, L, U);

        Assert.Equal(expected, m.Loss(metric, 0.95), 12);
    }
}
