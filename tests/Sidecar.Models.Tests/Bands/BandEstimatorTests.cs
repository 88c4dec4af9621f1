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
    public void Estimate_ConstantResiduals_BandNoNarrowerThanTheFloor()
    {
        var band = BandEstimator.Estimate(new double[500], [], 0.99, 1, 1.0, scaleFloor: 0.01);

        band.Apply(45, 0, out var lower, out var upper);
        Assert.True(upper - 45 >= 0.0099 && 45 - lower >= 0.0099, $"band {lower}..{upper}");
    }
}
