using Sidecar.Models.Evaluation;
using Sidecar.Models.Scoring;
using Sidecar.Models.Serialization;

namespace Sidecar.Models.Tests.Scoring;

/// <summary>
/// The sustained-deviation score: a drop held for the window that no single point takes out of the band scores above
/// 1, while one spike does not hold the score up after it, and the limits are calibrated, stored and replayed.
/// </summary>
public sealed class SustainedScoreTests
{
    private static readonly (double Low, double High) Limits = (0.5, 0.25);

    [Fact]
    public void Sustained_MeanOverLimitOnItsSide()
    {
        // mean of (−0.4, −0.6, −0.5) = −0.5, below predicted: over the low limit 0.5 → 1
        Assert.Equal(1.0, AnomalyScore.Sustained([-0.4, -0.6, -0.5], Limits), 12);
        // mean of (0.1, 0.2, 0.3) = 0.2 above: over the high limit 0.25 → 0.8
        Assert.Equal(0.8, AnomalyScore.Sustained([0.1, 0.2, 0.3], Limits), 12);
    }

    [Theory]
    [InlineData(4, 600_000, 3)]   // (20 min, 30 min]: the point 10 min before is out, 5 min before is in
    [InlineData(4, 0, 4)]         // no window: the point alone
    [InlineData(1, 3_600_000, 0)] // the window reaches past the first point
    public void SustainedWindowStart_FirstPointLessThanTheWindowBefore(int index, long windowMs, int expected) =>
        Assert.Equal(expected, AnomalyScore.SustainedWindowStart([0, 600_000, 1_200_000, 1_500_000, 1_800_000], index, windowMs));

    [Fact]
    public void Sustained_EachPointCountsAtMostTheClip()
    {
        // one spike of 50 among small scores: clipped to 1, mean (1 + 0 + 0 + 0) / 4 = 0.25 → 1 at the high limit 0.25
        Assert.Equal(0.25 / Limits.High, AnomalyScore.Sustained([0, 0, 0, 50], Limits), 12);
        Assert.Equal(1.0 / Limits.High, AnomalyScore.Sustained([double.PositiveInfinity, 1, 1], Limits), 12);
    }

    [Fact]
    public void Sustained_FewerThanThreePointsOrNoLimits_ScoresZero()
    {
        Assert.Equal(0, AnomalyScore.Sustained([-0.9, -0.9], Limits));
        Assert.Equal(0, AnomalyScore.Sustained([-0.9, -0.9, -0.9], (double.PositiveInfinity, double.PositiveInfinity)));
    }

    [Fact]
    public void Signed_IsThePointScoreWithTheDeviationsSign()
    {
        var options = new ModelOptions();
        Assert.Equal(-0.5, AnomalyScore.Signed(95, 100, 90, 110, options), 12);
        Assert.Equal(0.5, AnomalyScore.Signed(105, 100, 90, 110, options), 12);
        Assert.Equal(0, AnomalyScore.Signed(105, 100, 90, 110, options with { DetectionDirection = DetectionDirection.Below }));
    }

    [Theory]
    [InlineData(ModelKind.Ewma)]
    [InlineData(ModelKind.SeasonalBaseline)]
    [InlineData(ModelKind.Prophet)]
    public void Fit_CalibratesLimitsInsideTheBand_AndTheCodecKeepsThem(ModelKind kind)
    {
        var (ts, y) = Noisy(14 * 288, 5);
        var model = ModelFitter.Fit(ts, y, new ModelOptions { Kind = kind });
        var restored = FittedModelCodec.Decode(FittedModelCodec.Encode(model));

        var (low, high) = model.SustainedLimits;
        Assert.InRange(low, 0.25, 1.0);
        Assert.InRange(high, 0.25, 1.0);
        Assert.Equal(model.SustainedLimits, restored.SustainedLimits);
    }

    [Fact]
    public void Fit_WindowZero_HasNoLimits()
    {
        var (ts, y) = Noisy(14 * 288, 5);
        var model = ModelFitter.Fit(ts, y, new ModelOptions { Kind = ModelKind.SeasonalBaseline, SustainedWindowSeconds = 0 });

        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity), model.SustainedLimits);
    }

    /// <summary>
    /// A daily cycle with white noise at 1 minute; after 14 days the level drops for two hours by the noise's 2.2σ:
    /// mostly inside the 0.999 band point by point, and a drop held for the window. Replayed causally, the drop pages
    /// within the window with the sustained score and hardly at all without it, and the normal days flag no more rows than without it.
    /// </summary>
    [Fact]
    public void Replay_HeldDropInsideTheBand_ScoresAboveOneOnlyWithTheSustainedScore()
    {
        var (ts, y) = Noisy(16 * 1440, 11, Synthetic.Minute);
        var dropAt = 15 * 1440;
        for (var i = dropAt; i < dropAt + 120; i++)
        {
            y[i] -= 2.2 * NoiseSigma;
        }

        var replay = new ReplayOptions { Model = new ModelOptions { Kind = ModelKind.SeasonalBaseline }, MinHistory = TimeSpan.FromDays(14) };
        var with = CausalReplay.Run(ts, y, replay, ModelFitter.Fit).Score.ToArray();
        var without = CausalReplay.Run(ts, y, replay with { Model = replay.Model with { SustainedWindowSeconds = 0 } }, ModelFitter.Fit).Score.ToArray();

        var dropWith = with.Skip(dropAt).Take(120).Count(s => s > 1);
        var dropWithout = without.Skip(dropAt).Take(120).Count(s => s > 1);
        // it pages within the window (15 rows), and stays up until a fit accepts the drop as a level shift (level_shift 30m, refit hourly)
        var onset = Array.FindIndex(with, dropAt, s => s > 1) - dropAt;
        Assert.InRange(onset, 0, 15);
        Assert.True(dropWith >= 30, $"sustained: {dropWith} of 120 drop rows above 1 ({dropWithout} without)");
        Assert.True(dropWithout <= 20, $"points alone: {dropWithout} of 120 drop rows above 1 (the drop must stay mostly inside the band)");

        var normalWith = with.Skip(14 * 1440).Take(1440).Count(s => s > 1);
        var normalWithout = without.Skip(14 * 1440).Take(1440).Count(s => s > 1);
        Assert.True(normalWith <= normalWithout + 5, $"normal day: {normalWith} rows above 1 with the sustained score, {normalWithout} without");
    }

    private const double NoiseSigma = 3;

    private static (long[] Ts, double[] Y) Noisy(int count, int seed, long stepMs = 5 * Synthetic.Minute)
    {
        var ts = Synthetic.Grid(Synthetic.Start, count, stepMs);
        var z = Synthetic.Gaussian(count, seed);
        var y = ts.Select((t, i) => 100 + (20 * Math.Sin(2 * Math.PI * Synthetic.UtcHour(t) / 24)) + (NoiseSigma * z[i])).ToArray();
        return (ts, y);
    }
}
