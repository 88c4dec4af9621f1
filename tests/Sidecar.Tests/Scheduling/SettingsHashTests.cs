using Sidecar.Scheduling;

namespace Sidecar.Tests.Scheduling;

public sealed class SettingsHashTests
{
    private const string Base = "{name: s, match: 'requests{job=\"api\"}'";

    [Theory]
    [InlineData(", fit_every: 2h")]
    [InlineData(", infer_every: 30s")]
    [InlineData(", series_ttl: 5h")]
    [InlineData(", max_series: 7")]
    public void Models_ScheduleOnlyChange_IsUnchangedWhileTheSettingsChange(string change)
    {
        var before = RunnerFixture.Selector(Base + "}");
        var after = RunnerFixture.Selector(Base + change + "}");

        Assert.Equal(SettingsHash.Models(before), SettingsHash.Models(after));
        Assert.NotEqual(before.Settings, after.Settings);
    }

    [Theory]
    [InlineData(", model: {interval_width: 0.9}")]
    [InlineData(", fit_window: 1d")]
    [InlineData(", min_history: 2h")]
    [InlineData(", step: 30s")]
    [InlineData(", function: rate, range: 5m")]
    [InlineData(", drop_labels: [pod]")]
    [InlineData(", aggregate: sum, by: [job]")]
    public void Models_ModelRelevantChange_Changes(string change)
    {
        var before = RunnerFixture.Selector(Base + "}");
        var after = RunnerFixture.Selector(Base + change + "}");

        Assert.NotEqual(SettingsHash.Models(before), SettingsHash.Models(after));
    }

    [Fact]
    public void Models_OtherMatch_Changes()
    {
        Assert.NotEqual(
            SettingsHash.Models(RunnerFixture.Selector("{name: s, match: 'a'}")),
            SettingsHash.Models(RunnerFixture.Selector("{name: s, match: 'b'}")));
    }

    [Fact]
    public void Models_SameConfigLoadedTwice_IsEqual()
    {
        Assert.Equal(SettingsHash.Models(RunnerFixture.Selector()), SettingsHash.Models(RunnerFixture.Selector()));
    }

    [Theory]
    [InlineData(", model: {interval_width: 0.9999}")]
    [InlineData(", model: {n_changepoints: 25, time_zone: UTC}")]
    public void Models_OptionWrittenAtItsDefault_IsTheSameAsLeftOut(string change)
    {
        // An option added by an upgrade comes with a default that keeps today's behaviour: it must not look like
        // a settings change, which would throw every saved model away at the upgrade.
        var before = RunnerFixture.Selector(Base + "}");
        var after = RunnerFixture.Selector(Base + change + "}");

        Assert.Equal(SettingsHash.Models(before), SettingsHash.Models(after));
        Assert.Equal(before.Settings.Model, after.Settings.Model);
    }

    [Fact]
    public void Accepted_CurrentThenLegacy_TheLegacyOneHashesEveryOption()
    {
        var selector = RunnerFixture.Selector(Base + "}");

        var accepted = SettingsHash.Accepted(selector);

        Assert.Equal([SettingsHash.Models(selector), SettingsHash.Legacy(selector)], accepted);
        Assert.NotEqual(accepted[0], accepted[1]);
    }

    [Fact]
    public void Accepted_StoreOrGridInput_DiffersFromRawAndHasNoLegacyHash()
    {
        var raw = RunnerFixture.Selector(Base + "}");
        var grid = raw with { Shaping = raw.Shaping with { Input = Sidecar.Series.SeriesInput.GridPoints } };
        var store = raw with { Shaping = raw.Shaping with { Input = Sidecar.Series.SeriesInput.Shaped } };

        Assert.Equal([SettingsHash.Models(grid)], SettingsHash.Accepted(grid));
        Assert.Equal(3, new[] { SettingsHash.Models(raw), SettingsHash.Models(grid), SettingsHash.Models(store) }.Distinct().Count());
    }
}
