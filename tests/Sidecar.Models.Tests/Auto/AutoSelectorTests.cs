using Sidecar.Models.Auto;

namespace Sidecar.Models.Tests.Auto;

public sealed class AutoSelectorTests
{
    [Fact]
    public void Fit_RandomWalkWithoutCycle_ForecastFollowsTheRecentLevel()
    {
        var n = 14 * 288;
        var ts = Synthetic.Grid(Synthetic.Start, n, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(2 * n, 51);
        var y = new double[n];
        var level = 100.0;
        for (var i = 0; i < n; i++)
        {
            level += z[n + i];
            y[i] = level + (0.3 * z[i]);
        }

        var (p, l, u) = Synthetic.Predict(ModelFitter.Fit(ts, y, new ModelOptions { IntervalWidth = 0.99 }), [ts[^1] + (5 * Synthetic.Minute)]);

        // the walk wandered far over two weeks; the forecast must sit near its end (an hour of walk has sd 3.5)
        Assert.InRange(p[0], level - 12, level + 12);
        Assert.True(u[0] - l[0] < 30, $"band {l[0]:F1}..{u[0]:F1}");
    }

    [Fact]
    public void Fit_CustomCycleTheBaselineCannotHold_ChoosesProphet()
    {
        // a 36-hour cycle (configured as a custom seasonality): no daily profile can follow it
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 54);
        var y = ts.Select((t, i) => 100 + (30 * Math.Sin(2 * Math.PI * (t - ts[0]) / (36.0 * Synthetic.Hour))) + z[i]).ToArray();
        var options = new ModelOptions { Seasonalities = [new SeasonalityOptions("batch", 36 * 3600, 4)] };

        Assert.Equal(ModelKind.Prophet, ModelFitter.Fit(ts, y, options).Kind);
    }

    [Fact]
    public void Fit_StrongDailyCycle_ChoosesASeasonalModel()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);

        var kind = ModelFitter.Fit(ts, Synthetic.Daily(ts, 2, 52), new ModelOptions()).Kind;

        Assert.Contains(kind, new[] { ModelKind.Prophet, ModelKind.SeasonalBaseline });
    }

    [Fact]
    public void Fit_OneDayOfHistory_ChoosesEwma()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 288, 5 * Synthetic.Minute);

        Assert.Equal(ModelKind.Ewma, ModelFitter.Fit(ts, Synthetic.Daily(ts, 2, 53), new ModelOptions()).Kind);
    }

    [Fact]
    public void NoiseFloor_WhiteNoiseOnASlowCycle_IsTheNoisesMeanAbsoluteValue()
    {
        // sd 3 around a daily cycle of amplitude 30 at one minute: E|Z|·σ = 0.798 · 3 = 2.39
        var ts = Synthetic.Grid(Synthetic.Start, 2 * 1440, Synthetic.Minute);
        var y = Synthetic.Daily(ts, 3, 55);
        y[100] = double.NaN;

        Assert.InRange(AutoSelector.NoiseFloor(y, 1440), 0.9 * 2.39, 1.1 * 2.39);
    }

    [Fact]
    public void NoiseFloor_TooFewPairs_Zero() =>
        Assert.Equal(0, AutoSelector.NoiseFloor([1, 5, double.NaN, 2, 8, double.NaN, 3, 9, double.NaN, 4, 1, double.NaN], 0));
}
