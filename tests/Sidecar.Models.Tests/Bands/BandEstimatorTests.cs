using Sidecar.Models.Bands;

namespace Sidecar.Models.Tests.Bands;

public sealed class BandEstimatorTests
{
    [Fact]
    public void TailQuantile_BeyondTheSample_ExtrapolatesAnExponentialTail()
    {
        // 4,000 standard exponential draws: the 0.9999 quantile (ln 10⁴ = 9.21) lies beyond what they show
        var rnd = new Random(3);
        var u = Enumerable.Range(0, 4000).Select(_ => -Math.Log(1 - rnd.NextDouble())).ToArray();

        var q = BandEstimator.TailQuantile(u, 0.9999);

        Assert.InRange(q, 9.21 * 0.85, 9.21 * 1.15);
    }

    [Fact]
    public void TailQuantile_WithinTheSample_IsEmpirical()
    {
        var u = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();

        Assert.Equal(950, BandEstimator.TailQuantile(u, 0.95), 9);
    }

    [Fact]
    public void TailQuantile_OutageAmongTheLargestPoints_TailFromTheTopPercent()
    {
        // two weeks of 1-minute exponential residuals, then the same with a 20-minute outage far out: 20 points, more
        // than the ten largest the tail used to be fitted to
        var rnd = new Random(5);
        var clean = Enumerable.Range(0, 20160).Select(_ => -Math.Log(1 - rnd.NextDouble())).ToArray();
        var withOutage = (double[])clean.Clone();
        for (var i = 10_000; i < 10_020; i++)
        {
            withOutage[i] = 200 + (i - 10_000);
        }

        var expected = BandEstimator.TailQuantile((double[])clean.Clone(), 0.99995);
        var q = BandEstimator.TailQuantile(withOutage, 0.99995);

        // fitted to the ten largest points this tail was 218 (the outage's size); from the top 1 % it moves by a few %
        Assert.True(q < 1.25 * expected && q > 0.95 * expected, $"tail {q:F2} with the outage, {expected:F2} without");
        Assert.InRange(expected, Math.Log(20_000) * 0.9, Math.Log(20_000) * 1.1);
    }

    [Fact]
    public void Estimate_ConstantResiduals_BandNoNarrowerThanTheFloor()
    {
        var band = BandEstimator.Estimate(new double[500], [], 0.99, 1, 1.0, scaleFloor: 0.01);

        band.Apply(45, 0, out var lower, out var upper);
        Assert.True(upper - 45 >= 0.0099 && 45 - lower >= 0.0099, $"band {lower}..{upper}");
    }

    public static TheoryData<string> Residuals() => ["gaussian", "exponential", "outage"];

    [Theory]
    [MemberData(nameof(Residuals))]
    public void Estimate_WiderInterval_NeverANarrowerBand(string kind)
    {
        // Two weeks at one minute. "outage": a 60-minute drop far below, as in the quickstart's history, which the
        // empirical 0.9995 quantile (the 10th point from the bottom) lands inside.
        var rnd = new Random(11);
        var residuals = Enumerable.Range(0, 20160).Select(_ => kind == "exponential"
            ? -Math.Log(1 - rnd.NextDouble()) - 1
            : Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble())).ToArray();
        if (kind == "outage")
        {
            for (var i = 9_000; i < 9_060; i++)
            {
                residuals[i] = -40;
            }
        }

        double[] widths = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 0.99999, 0.999999];
        var previous = (Low: 0.0, High: 0.0, Width: 0.0);
        foreach (var width in widths)
        {
            var band = BandEstimator.Estimate(residuals, [], width, 1, 1.0, scaleFloor: 0);
            band.Apply(0, 0, out var lower, out var upper);
            Assert.True(-lower >= previous.Low && upper >= previous.High,
                $"{kind}: band at {width} is {lower:F3}..{upper:F3}, at {previous.Width} it was {-previous.Low:F3}..{previous.High:F3}");
            previous = (-lower, upper, width);
        }
    }
}
