namespace Sidecar.Models.Tests.Auto;

public sealed class AutoSelectorTests
{
    [Fact]
    public void Fit_RandomWalkWithoutCycle_ChoosesEwma()
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

        Assert.Equal(ModelKind.Ewma, ModelFitter.Fit(ts, y, new ModelOptions()).Kind);
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
}
