using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

/// <summary>Hand-computed PromQL 2.x <c>extrapolatedRate</c> cases (window [0, 60s] unless stated).</summary>
public sealed class ExtrapolatedRateTests
{
    private static double Increase(long[] t, double[] v, long startMs = 0, long endMs = 60_000, bool counter = true) =>
        ExtrapolatedRate.TryCompute(t, v, startMs, endMs, (endMs - startMs) / 1000.0, counter, isRate: false, out var r)
            ? r
            : throw new InvalidOperationException("no point");

    [Fact]
    public void TryCompute_SamplesNearBothEdges_ExtrapolatesToTheEdges()
    {
        // 30 over 45s sampled; 5s to the start and 10s to the end are both under 1.1 × 15s: 30 × 60/45.
        Assert.Equal(40, Increase([5_000, 20_000, 35_000, 50_000], [10, 20, 30, 40]), 12);
    }

    [Fact]
    public void TryCompute_Rate_DividesByTheRangeSeconds()
    {
        Assert.True(ExtrapolatedRate.TryCompute([5_000, 20_000, 35_000, 50_000], [10, 20, 30, 40], 0, 60_000, 60, true, true, out var rate));
        Assert.Equal(40.0 / 60, rate, 14);
    }

    [Fact]
    public void TryCompute_CounterReset_AddsTheValueBeforeTheDrop()
    {
        // (15 − 10) + 20 = 25 over 45s, zero point 45 × 10/25 = 18s back (beyond the 5s to the start): 25 × 60/45.
        Assert.Equal(25.0 * 60 / 45, Increase([5_000, 20_000, 35_000, 50_000], [10, 20, 5, 15]), 12);
    }

    [Fact]
    public void TryCompute_Delta_IgnoresDropsAndNeverClampsAtZero()
    {
        Assert.Equal(-14.0 * 60 / 45, Increase([5_000, 20_000, 35_000, 50_000], [10, 5, 20, -4], counter: false), 12);
    }

    [Fact]
    public void TryCompute_CounterZeroPointInsideTheWindow_ExtrapolatesOnlyToZero()
    {
        // Zero point 45 × 1/30 = 1.5s before the first sample, nearer than the 5s to the start: 30 × (45+1.5+10)/45.
        Assert.Equal(30 * 56.5 / 45, Increase([5_000, 20_000, 35_000, 50_000], [1, 11, 21, 31]), 12);
    }

    [Fact]
    public void TryCompute_SeriesStartsMidWindow_ExtrapolatesHalfASpacing()
    {
        // Window [0, 300s]; samples 200s..260s every 15s. Start: 200s, zero point 150s, both ≥ 16.5s → 7.5s.
        // End: 40s ≥ 16.5s → 7.5s. 40 × 75/60.
        Assert.Equal(50, Increase([200_000, 215_000, 230_000, 245_000, 260_000], [100, 110, 120, 130, 140], 0, 300_000), 12);
    }

    [Fact]
    public void TryCompute_ZeroPointWithinThreshold_UsesThe2xOrderOfClampThenThreshold()
    {
        // Window [0, 300s]; 8 at 200s, +10 per 15s to 290s: 60 over 90s. Zero point 90 × 8/60 = 12s back.
        // 2.x clamps 200s → 12s first, and 12s < 16.5s extrapolates 12s: 60 × (90+12+10)/90.
        // (3.x would first replace 200s by 7.5s and clamp that to 7.5s: 60 × 107.5/90.)
        long[] t = [200_000, 215_000, 230_000, 245_000, 260_000, 275_000, 290_000];
        double[] v = [8, 18, 28, 38, 48, 58, 68];
        Assert.Equal(60.0 * 112 / 90, Increase(t, v, 0, 300_000), 12);
    }

    [Fact]
    public void TryCompute_NegativeFirstValue_DoesNotClampAtZero()
    {
        // A "counter" starting below zero is extrapolated like any series: 20 × 60/45.
        Assert.Equal(20.0 * 60 / 45, Increase([5_000, 20_000, 35_000, 50_000], [-5, 0, 5, 15]), 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TryCompute_FewerThanTwoSamples_HasNoPoint(int count)
    {
        long[] t = [10_000];
        double[] v = [1];
        Assert.False(ExtrapolatedRate.TryCompute(t.AsSpan(0, count), v.AsSpan(0, count), 0, 60_000, 60, true, true, out _));
    }

    [Theory]
    [InlineData(300_000, 300.0)]
    [InlineData(90_500, 90.5)]
    [InlineData(1, 0.001)]
    public void GoSeconds_Milliseconds_MatchGoDurationSeconds(long ms, double expected)
    {
        Assert.Equal(expected, ExtrapolatedRate.GoSeconds(ms));
    }
}
