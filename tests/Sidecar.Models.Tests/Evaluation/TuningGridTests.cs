using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class TuningGridTests
{
    [Fact]
    public void Expand_TwoAxes_CartesianProductLastKeyFastest()
    {
        var grid = new TuningGrid(
        [
            new("changepoint_prior_scale", ["0.01", "0.5"]),
            new("seasonality_mode", ["additive", "multiplicative"]),
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
    public void Apply_Values_ParsedAsYamlWouldWriteThem()
    {
        var o = new ModelOptions();
        Assert.Equal(ModelKind.SeasonalBaseline, ModelOptionsSetting.Apply(o, "type", "seasonal_baseline").Kind);
        Assert.Equal(DetectionDirection.Above, ModelOptionsSetting.Apply(o, "detection_direction", "above").DetectionDirection);
        Assert.Equal(3, ModelOptionsSetting.Apply(o, "weekly_seasonality", "3").WeeklySeasonality);
        Assert.Equal(0.95, ModelOptionsSetting.Apply(o, "interval_width", "0.95").IntervalWidth);
        Assert.Equal(Growth.Flat, ModelOptionsSetting.Apply(o, "growth", "flat").Growth);
        Assert.Equal(5400, ModelOptionsSetting.Apply(o, "ewma_half_life", "1h30m").EwmaHalfLifeSeconds);
        Assert.Equal(90, ModelOptionsSetting.Apply(o, "level_shift", "90").LevelShiftSeconds);
        Assert.Equal(0.5, ModelOptionsSetting.Apply(o, "level_shift", "500ms").LevelShiftSeconds);
    }

    [Theory]
    [InlineData("no_such_key", "1")]
    [InlineData("interval_width", "1.5")]
    [InlineData("seasonality_mode", "sideways")]
    [InlineData("n_changepoints", "-1")]
    [InlineData("ewma_half_life", "1x")]
    public void Apply_BadKeyOrValue_Throws(string key, string value)
    {
        Assert.Throws<ArgumentException>(() => ModelOptionsSetting.Apply(new ModelOptions(), key, value));
    }

    [Fact]
    public void Constructor_RepeatedKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TuningGrid([new("growth", ["flat"]), new("growth", ["linear"])]));
    }
}
