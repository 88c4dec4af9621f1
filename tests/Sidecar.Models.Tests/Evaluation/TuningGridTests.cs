using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class TuningGridTests
{
    [Fact]
    public void Expand_TwoAxes_CartesianProductLastKeyFastest()
    {
        var grid = new TuningGrid(
        [
            GridAxis.Of("changepoint_prior_scale", (o, v) => o with { ChangepointPriorScale = v }, 0.01, 0.5),
            GridAxis.Of("seasonality_mode", (o, v) => o with { SeasonalityMode = v }, SeasonalityMode.Additive, SeasonalityMode.Multiplicative),
        ]);

        var combos = grid.Expand(new ModelOptions { IntervalWidth = 0.9 });

        Assert.Equal(4, grid.Count);
        Assert.Equal(
            [(0.01, SeasonalityMode.Additive), (0.01, SeasonalityMode.Multiplicative), (0.5, SeasonalityMode.Additive), (0.5, SeasonalityMode.Multiplicative)],
            combos.Select(c => (c.Options.ChangepointPriorScale, c.Options.SeasonalityMode)));
        Assert.All(combos, c => Assert.Equal(0.9, c.Options.IntervalWidth));
        Assert.Equal("multiplicative", combos[3].Settings[1].Value);
    }

    [Fact]
    public void Expand_NoAxes_TheBaseOptionsAlone()
    {
        var baseOptions = new ModelOptions { IntervalWidth = 0.9 };

        var combos = new TuningGrid([]).Expand(baseOptions);

        Assert.Same(baseOptions, Assert.Single(combos).Options);
    }

    [Fact]
    public void Constructor_RepeatedKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TuningGrid(
        [
            GridAxis.Of("growth", (o, v) => o with { Growth = v }, Growth.Flat),
            GridAxis.Of("growth", (o, v) => o with { Growth = v }, Growth.Linear),
        ]));
    }

    [Fact]
    public void Constructor_AxisWithoutValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TuningGrid([new TuningParameter("growth", [])]));
    }
}
