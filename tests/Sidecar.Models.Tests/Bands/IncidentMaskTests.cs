using Sidecar.Models.Bands;

namespace Sidecar.Models.Tests.Bands;

public sealed class IncidentMaskTests
{
    private const double Width = 0.9999;

    /// <summary>Two weeks of one-minute Gaussian errors (σ = 1).</summary>
    private static double[] Noise(int seed)
    {
        var rnd = new Random(seed);
        return [.. Enumerable.Range(0, 20160).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble()))];
    }

    [Fact]
    public void EstimateWithoutIncidents_HourLongOutage_BandAsIfItHadNotHappened()
    {
        var clean = Noise(11);
        var withOutage = (double[])clean.Clone();
        for (var i = 12_000; i < 12_060; i++)
        {
            withOutage[i] = -40; // the traffic fell to nothing for an hour
        }

        var expected = BandEstimator.Estimate(clean, [], Width, 1, 1.0, 0);
        var unmasked = BandEstimator.Estimate(withOutage, [], Width, 1, 1.0, 0);
        var (band, masked) = BandEstimator.EstimateWithoutIncidents(withOutage, [], Width, 1, 1.0, 0);

        Assert.NotNull(masked);
        Assert.All(Enumerable.Range(12_000, 60), i => Assert.True(double.IsNaN(masked[i]), $"outage point {i} kept"));
        Assert.True(masked.Count(double.IsNaN) < 80, $"{masked.Count(double.IsNaN)} points masked for a 60-point outage");
        // the outage widens the band below by a third; without it the band is the clean one within 5 %
        Assert.True(unmasked.LowQuantile > 1.3 * expected.LowQuantile, $"unmasked {unmasked.LowQuantile:F2}, clean {expected.LowQuantile:F2}");
        Assert.InRange(band.LowQuantile, 0.95 * expected.LowQuantile, 1.05 * expected.LowQuantile);
        Assert.InRange(band.HighQuantile, 0.95 * expected.HighQuantile, 1.05 * expected.HighQuantile);
    }

    [Fact]
    public void EstimateWithoutIncidents_NarrowWidthOnCloselyFollowingErrors_MasksNothingAndCoversTheWidth()
    {
        // errors that follow each other closely (AR(1), φ = 0.95) and hold no incident: a 99 % band is left for ten
        // minutes in a row many times a fortnight, by the noise itself; those runs are not incidents
        var shocks = Noise(14);
        var errors = new double[shocks.Length];
        for (var i = 1; i < errors.Length; i++)
        {
            errors[i] = (0.95 * errors[i - 1]) + shocks[i];
        }

        var (band, masked) = BandEstimator.EstimateWithoutIncidents(errors, [], 0.99, 1, 1.0, 0);

        Assert.Null(masked);
        var inside = errors.Count(e => e >= -band.Scale * band.LowQuantile && e <= band.Scale * band.HighQuantile);
        // with the incidents those of its own 0.99 band, 247 errors were masked and the band covered 98.36 %
        Assert.InRange((double)inside / errors.Length, 0.9875, 0.9925);
    }

    [Fact]
    public void Apply_LoneSpikes_AreTheSeriesOwnTailAndStay()
    {
        var errors = Noise(12);
        foreach (var i in new[] { 1_000, 5_000, 9_000, 15_000 })
        {
            errors[i] = 60;
        }

        var band = BandEstimator.Estimate(errors, [], Width, 1, 1.0, 0);

        Assert.Null(IncidentMask.Apply(errors, band, []));
    }

    [Fact]
    public void Apply_IncidentLongerThanTheCap_IsNotMasked()
    {
        var errors = Noise(13);
        var length = (int)(IncidentMask.MaxShare * errors.Length) + 10;
        for (var i = 2_000; i < 2_000 + length; i++)
        {
            errors[i] = -40;
        }

        var band = new Band(1, 4.5, 4.5, []);

        Assert.Null(IncidentMask.Apply(errors, band, []));
    }

    [Fact]
    public void Apply_Incident_GrownToTheWholeDeviation()
    {
        var errors = Noise(14);
        // a ramp down and back up around 20 points far beyond the band: the ramp's points beyond half the band go too
        for (var k = 0; k < 10; k++)
        {
            errors[7_990 + k] = -0.6 * (k + 1);
            errors[8_029 - k] = -0.6 * (k + 1);
        }

        for (var i = 8_000; i < 8_020; i++)
        {
            errors[i] = -30;
        }

        var band = new Band(1, 4.5, 4.5, []);
        var masked = IncidentMask.Apply(errors, band, []);

        Assert.NotNull(masked);
        var gone = Enumerable.Range(0, errors.Length).Where(i => double.IsNaN(masked[i])).ToArray();
        // -0.6·k is beyond half the band (2.25) from k = 4 on: 7,993..8,026 is the contiguous deviation
        Assert.Equal(7_993, gone.Min());
        Assert.Equal(8_026, gone.Max());
        Assert.Equal(34, gone.Length);
    }
}
