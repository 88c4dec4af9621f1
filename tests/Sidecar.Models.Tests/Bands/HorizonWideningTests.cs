using Sidecar.Models.Bands;

namespace Sidecar.Models.Tests.Bands;

public sealed class HorizonWideningTests
{
    private const long Hour = Synthetic.Hour;

    [Theory]
    [InlineData(0.5, 1.0)]      // the present step: as calibrated
    [InlineData(2.0, 1.0)]      // up to PresentMs: still as calibrated
    [InlineData(4.0, 1.5)]      // halfway from (2 h, 1) to (6 h, 2)
    [InlineData(9.0, 2.5)]      // halfway from (6 h, 2) to (12 h, 3)
    [InlineData(48.0, 5.0)]     // the last horizon
    [InlineData(192.0, 10.0)]   // beyond it: 5 · √(192 / 48)
    public void Factor_InterpolatesBetweenHorizonsAndGrowsWithTheRootBeyond(double aheadHours, double expected) =>
        Assert.Equal(expected, HorizonWidening.Factor([2, 3, 4, 5], aheadHours * Hour), 12);

    [Fact]
    public void Factor_NoFactors_One() =>
        Assert.Equal(1.0, HorizonWidening.Factor([], 100 * Hour));

    [Fact]
    public void Factor_FewerFactorsThanHorizons_RootGrowthFromTheLastOne() =>
        Assert.Equal(2 * Math.Sqrt(2), HorizonWidening.Factor([2], 12 * Hour), 12);

    [Fact]
    public void EwmaFit_RandomWalk_ForecastBandWidensWithTheHorizonButNotAtThePresentStep()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var steps = Synthetic.Gaussian(ts.Length, 7);
        var values = new double[ts.Length];
        for (var i = 1; i < values.Length; i++)
        {
            values[i] = values[i - 1] + steps[i];
        }

        var model = ModelFitter.Fit(ts, values, new ModelOptions { Kind = ModelKind.Ewma, IntervalWidth = 0.95 });
        long[] ahead = [ts[^1] + (5 * Synthetic.Minute), ts[^1] + Hour, ts[^1] + (2 * Hour), ts[^1] + (6 * Hour), ts[^1] + (48 * Hour)];
        var (p, l, u) = Synthetic.PredictAhead(model, ahead);
        var width = Enumerable.Range(0, ahead.Length).Select(i => u[i] - l[i]).ToArray();
        var (_, sl, su) = Synthetic.Predict(model, ahead);

        var factors = ((Sidecar.Models.Ewma.EwmaModel)model).Band.HorizonFactors;
        Assert.Equal(HorizonWidening.HorizonsMs.Length, factors.Length);
        Assert.True(factors[0] > 1.5, $"6 h factor {factors[0]}");
        Assert.True(factors[^1] > factors[0], $"factors {string.Join(", ", factors)}");
        Assert.Equal(width[0], width[1], 12);
        Assert.Equal(width[0], width[2], 12);
        Assert.Equal(width[0] * factors[0], width[3], 9);
        Assert.Equal(width[0] * factors[^1], width[4], 9);
        Assert.All(p, x => Assert.Equal(p[0], x));
        Assert.All(Enumerable.Range(0, ahead.Length), i => Assert.Equal(width[0], su[i] - sl[i], 12)); // scoring's band: never widened
    }

    [Fact]
    public void Calibrate_WhiteNoiseAroundAConstant_FactorsNearOne()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var values = Synthetic.Gaussian(ts.Length, 3).Select(x => 100 + x).ToArray();

        var model = (Sidecar.Models.Ewma.EwmaModel)ModelFitter.Fit(ts, values, new ModelOptions { Kind = ModelKind.Ewma });

        Assert.NotEmpty(model.Band.HorizonFactors);
        Assert.All(model.Band.HorizonFactors, f => Assert.InRange(f, 1.0, 1.2));
    }

    [Fact]
    public void Calibrate_HistoryShorterThanTheHorizons_OnlyTheHorizonsItHolds()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 30 * 12, 5 * Synthetic.Minute);
        var values = Synthetic.Gaussian(ts.Length, 5);

        var model = (Sidecar.Models.Ewma.EwmaModel)ModelFitter.Fit(ts, values, new ModelOptions { Kind = ModelKind.Ewma });

        // 30 hours: 6 h and 12 h and 24 h apart have ≥ 48 pairs, 48 h none
        Assert.Equal(3, model.Band.HorizonFactors.Length);
    }

    [Fact]
    public void Calibrate_ResidualMissingWhereTheErrorIsNot_SkippedNotNaN()
    {
        // a point left out of its own slot's median may have no other day there: its residual is NaN while the scores'
        // error (from the full profile) is not
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 24, Synthetic.Hour);
        var errors = Synthetic.Gaussian(ts.Length, 9);
        var residuals = errors.Select((e, i) => i % 10 == 3 ? double.NaN : e).ToArray();
        var levels = new double[ts.Length];

        var factors = HorizonWidening.Calibrate(ts, residuals, errors, levels);

        Assert.Equal(4, factors.Length);
        Assert.All(factors, f => Assert.True(double.IsFinite(f) && f >= 1, $"factor {f}"));
    }
}
