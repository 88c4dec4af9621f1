using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

/// <summary>Schedules run on .NET timers, which cannot wait longer than 49.7 days: longer ones are refused in the config.</summary>
public class ScheduleBoundsTests
{
    [Theory]
    [InlineData("fit_every: 50d", "4:37: selectors[0].fit_every: must be at most 30d")]
    [InlineData("fit_every: 1y", "4:37: selectors[0].fit_every: must be at most 30d")]
    [InlineData("infer_every: 50d", "4:39: selectors[0].infer_every: must be at most 1d")]
    [InlineData("infer_every: 25h", "4:39: selectors[0].infer_every: must be at most 1d")]
    public void Load_ScheduleLongerThanItsBound_IsAnErrorWithItsPositionAndWhy(string setting, string expected)
    {
        var yaml = ConfigText.RemoteRead + "selectors:\n  - {name: a, match: up, " + setting + "}\n";

        var result = ConfigText.Load(yaml);

        Assert.False(result.IsValid);
        var error = Assert.Single(ConfigText.Lines(result));
        Assert.Contains(expected, error);
        Assert.Contains("timer", error);
    }

    [Fact]
    public void Load_SchedulesAtTheirBounds_AreValid()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + "defaults: {fit_every: 30d, infer_every: 1d}\nselectors:\n  - {name: a, match: up}\n");

        Assert.Equal(TimeSpan.FromDays(30), config.Selectors[0].Settings.FitEvery);
        Assert.Equal(TimeSpan.FromDays(1), config.Selectors[0].Settings.InferEvery);
    }
}
