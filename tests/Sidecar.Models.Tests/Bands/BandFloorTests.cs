using Sidecar.Models.Serialization;

namespace Sidecar.Models.Tests.Bands;

/// <summary>
/// A series that was never negative gets no negative lower bound to show; one that was keeps its full band. Scores
/// stay those of the band itself (CausalReplayTests and the service's publisher apply the floor after scoring).
/// </summary>
public sealed class BandFloorTests
{
    /// <summary>
    /// Eight days of a small count at 5 minutes: quiet nights near 1, days near 6, with bursts to 60 now and then, so
    /// the errors are heavy-tailed and the 0.9999 band of the raw errors reaches far below zero.
    /// </summary>
    private static (long[] Ts, double[] Y) SmallCount(double shift)
    {
        var ts = Synthetic.Grid(Synthetic.Start, 8 * 288, 5 * Synthetic.Minute);
        var rnd = new Random(7);
        var y = ts.Select(t =>
        {
            var mean = Synthetic.UtcHour(t) is >= 8 and < 20 ? 6.0 : 1.0;
            var burst = rnd.NextDouble() < 0.01 ? 60 : 0;
            return Math.Round(mean + (rnd.NextDouble() * mean) + burst) + shift;
        }).ToArray();
        return (ts, y);
    }

    [Theory]
    [InlineData(ModelKind.Ewma)]
    [InlineData(ModelKind.SeasonalBaseline)]
    [InlineData(ModelKind.Prophet)]
    [InlineData(ModelKind.Auto)]
    public void Fit_NeverNegativeSeries_LowerBoundNotBelowZero(ModelKind kind)
    {
        var (ts, y) = SmallCount(0);
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var model = ModelFitter.Fit(ts, y, new ModelOptions { Kind = kind });
        var restored = FittedModelCodec.Decode(FittedModelCodec.Encode(model));
        var (predicted, raw, _) = Synthetic.Predict(model, future);
        var shown = raw.Select((l, i) => IFittedModel.ShownLower(model, predicted[i], l)).ToArray();

        Assert.Equal(0, model.LowerFloor);
        Assert.Equal(0, restored.LowerFloor);
        Assert.True(shown.Min() >= 0, $"{kind}: lowest lower bound shown {shown.Min():F3}");
        Assert.True(raw.Min() < 0, $"{kind}: the band itself reaches {raw.Min():F3}; the test needs one below zero");
    }

    [Theory]
    [InlineData(ModelKind.Ewma)]
    [InlineData(ModelKind.SeasonalBaseline)]
    public void Fit_SeriesThatWasNegative_BandStillReachesBelowZero(ModelKind kind)
    {
        // the same counts minus 2: values down to −1 happen, so nothing bounds the band at zero
        var (ts, y) = SmallCount(-2);
        var future = Synthetic.Grid(ts[^1] + (5 * Synthetic.Minute), 288, 5 * Synthetic.Minute);

        var model = ModelFitter.Fit(ts, y, new ModelOptions { Kind = kind });
        var (predicted, raw, _) = Synthetic.Predict(model, future);
        var shown = raw.Select((l, i) => IFittedModel.ShownLower(model, predicted[i], l)).ToArray();

        Assert.True(double.IsNegativeInfinity(model.LowerFloor));
        Assert.True(shown.Min() < -2, $"{kind}: lowest lower bound {shown.Min():F3}");
    }
}
