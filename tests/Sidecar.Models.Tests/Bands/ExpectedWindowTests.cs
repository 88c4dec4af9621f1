using Sidecar.Models.Serialization;

namespace Sidecar.Models.Tests.Bands;

/// <summary>
/// An <c>expected</c> window tells the model its deviations are normal: the band is widened to hold the largest of
/// them, for every model family, and the widening survives the state codec. Without the window the same deviations
/// lie far outside the band.
/// </summary>
public sealed class ExpectedWindowTests
{
    /// <summary>Seven days of a daily cycle at 5 minutes with a half-hour burst of +40 (40σ) on day 5: 6 points, fewer than half the top 1 % the band's tail is fitted to, so the plain band ignores it.</summary>
    /// <remarks>For the ewma model, which has no cycle, the series is flat at 100.</remarks>
    private static (long[] Ts, double[] Y, TimeRange Burst) WithBurst(bool flat = false)
    {
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 288, 5 * Synthetic.Minute);
        var y = flat ? Synthetic.Gaussian(ts.Length, 21).Select(z => 100 + z).ToArray() : Synthetic.Daily(ts, 1, seed: 21);
        var first = 5 * 288 + 100;
        for (var i = first; i < first + 6; i++)
        {
            y[i] += 40;
        }

        return (ts, y, new TimeRange(ts[first], ts[first + 6]));
    }

    [Theory]
    [InlineData(ModelKind.Ewma)]
    [InlineData(ModelKind.SeasonalBaseline)]
    [InlineData(ModelKind.Prophet)]
    [InlineData(ModelKind.Auto)]
    public void Fit_ExpectedWindow_WidensTheBandToHoldItsDeviations(ModelKind kind)
    {
        var (ts, y, burst) = WithBurst(flat: kind == ModelKind.Ewma);
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var plain = ModelFitter.Fit(ts, y, new ModelOptions { Kind = kind, LevelShiftSeconds = 0 });
        var expected = FittedModelCodec.Decode(FittedModelCodec.Encode(
            ModelFitter.Fit(ts, y, new ModelOptions { Kind = kind, LevelShiftSeconds = 0, Expected = [burst] })));

        var (_, plainLower, plainUpper) = Synthetic.Predict(plain, future);
        var (_, lower, upper) = Synthetic.Predict(expected, future);
        var plainWidth = plainUpper.Zip(plainLower, (u, l) => u - l).Average();
        var width = upper.Zip(lower, (u, l) => u - l).Average();
        Assert.True(width > plainWidth + 20, $"{kind}: expected band {width:F1} wide, the plain one {plainWidth:F1}");

        // The same burst again a day later scores at most about 1 with the window, far above 1 without it.
        var again = future.Select(t => (kind == ModelKind.Ewma ? 100 : Synthetic.DailyMean(t, ts[0])) + 40).ToArray();
        var scoresPlain = Scores(plain, future, again);
        var scores = Scores(expected, future, again);
        Assert.True(scoresPlain.Average() > 2, $"{kind}: without the window the burst scores {scoresPlain.Average():F2}");
        Assert.True(scores.Average() < 1.2, $"{kind}: with the window the burst scores {scores.Average():F2}");
    }

    [Fact]
    public void Fit_ExpectedAndExcluded_ExcludeWins()
    {
        var (ts, y, burst) = WithBurst();
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var both = ModelFitter.Fit(ts, y, new ModelOptions { Kind = ModelKind.Ewma, Exclude = [burst], Expected = [burst] });
        var excluded = ModelFitter.Fit(ts, y, new ModelOptions { Kind = ModelKind.Ewma, Exclude = [burst] });

        Assert.Equal(Synthetic.Predict(excluded, future).Upper, Synthetic.Predict(both, future).Upper);
    }

    private static double[] Scores(IFittedModel model, long[] ts, double[] values)
    {
        var (predicted, lower, upper) = Synthetic.Predict(model, ts);
        return values.Select((v, i) => v > predicted[i] ? (v - predicted[i]) / (upper[i] - predicted[i]) : (predicted[i] - v) / (predicted[i] - lower[i])).ToArray();
    }
}
