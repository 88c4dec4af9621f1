using Sidecar.Models.Scoring;

namespace Sidecar.Models.Tests.Ewma;

public sealed class EwmaFitterTests
{
    private static readonly ModelOptions Ewma = new() { Kind = ModelKind.Ewma };

    private static (long[] Ts, double[] Y) Noise(int n, int seed, double level = 100)
    {
        var ts = Synthetic.Grid(Synthetic.Start, n, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(n, seed);
        return (ts, z.Select(v => level + v).ToArray());
    }

    [Fact]
    public void Fit_Stationary_PredictsTheLevelWithAFlatBand()
    {
        var (ts, y) = Noise(2000, 41);

        var (p, l, u) = Synthetic.Predict(ModelFitter.Fit(ts, y, Ewma with { IntervalWidth = 0.99 }), [ts[^1] + Synthetic.Hour, ts[^1] + Synthetic.Day]);

        Assert.InRange(p[0], 99.5, 100.5);
        Assert.Equal(p[0], p[1]);
        Assert.Equal(u[0] - l[0], u[1] - l[1], 9);
        Assert.InRange(u[0] - p[0], 2.3, 3.3); // z(0.995) = 2.58 noise σ, plus the level's own error
    }

    [Fact]
    public void Fit_SpikesInHistory_LevelBarelyMoves()
    {
        var (ts, y) = Noise(2000, 42);
        for (var i = y.Length - 6; i < y.Length; i += 2)
        {
            y[i] = 1000;
        }

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, y, Ewma), [ts[^1] + Synthetic.Minute]);

        Assert.InRange(p[0], 99, 101.5);
    }

    [Fact]
    public void Fit_LastingShift_AcceptedAfterLevelShiftSeconds()
    {
        var (ts, y) = Noise(2000, 43);
        // a shift to 200 in the last 45 minutes (9 points): longer than the 30-minute default
        for (var i = y.Length - 9; i < y.Length; i++)
        {
            y[i] += 100;
        }

        var model = ModelFitter.Fit(ts, y, Ewma);
        var (p, l, u) = Synthetic.Predict(model, [ts[^1] + (5 * Synthetic.Minute)]);

        Assert.InRange(p[0], 199, 201);
        Assert.True(AnomalyScore.Compute(200, p[0], l[0], u[0], model.Options) < 1);
    }

    [Fact]
    public void Fit_ShortShift_NotYetAccepted()
    {
        var (ts, y) = Noise(2000, 44);
        for (var i = y.Length - 4; i < y.Length; i++)
        {
            y[i] += 100;
        }

        var model = ModelFitter.Fit(ts, y, Ewma);
        var (p, l, u) = Synthetic.Predict(model, [ts[^1] + (5 * Synthetic.Minute)]);

        Assert.True(AnomalyScore.Compute(200, p[0], l[0], u[0], model.Options) > 1, $"predicted {p[0]:F1}");
    }

    [Fact]
    public void Fit_ConstantSeries_ScoresZeroOnTheConstantAndHighOffIt()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 500, Synthetic.Minute);
        var y = Enumerable.Repeat(7.0, 500).ToArray();

        var model = ModelFitter.Fit(ts, y, Ewma);
        var (p, l, u) = Synthetic.Predict(model, [ts[^1] + Synthetic.Minute]);

        Assert.Equal(0, AnomalyScore.Compute(7, p[0], l[0], u[0], model.Options));
        Assert.True(AnomalyScore.Compute(8, p[0], l[0], u[0], model.Options) > 1);
    }

    [Fact]
    public void Fit_OnlyMissingValues_PredictsNaN()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 10, Synthetic.Minute);

        var (p, _, _) = Synthetic.Predict(ModelFitter.Fit(ts, new double[10].Select(_ => double.NaN).ToArray(), Ewma), [ts[^1]]);

        Assert.True(double.IsNaN(p[0]));
    }
}
