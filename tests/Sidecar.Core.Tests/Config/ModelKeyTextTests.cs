using System.Text.Json;
using Sidecar.Config.Binding;
using Sidecar.Models;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class ModelKeyTextTests
{
    /// <summary>One value for every model key, written as in YAML.</summary>
    public static TheoryData<string, string> EveryKey => new()
    {
        { "type", "seasonal_baseline" },
        { "interval_width", "0.95" },
        { "detection_direction", "above" },
        { "min_dev_from_expected", "2.5" },
        { "min_rel_dev_from_expected", "0.1" },
        { "time_zone", "Europe/Berlin" },
        { "growth", "flat" },
        { "n_changepoints", "10" },
        { "changepoint_range", "0.9" },
        { "changepoint_prior_scale", "0.5" },
        { "seasonality_mode", "multiplicative" },
        { "seasonality_prior_scale", "5" },
        { "holidays_prior_scale", "3" },
        { "daily_seasonality", "true" },
        { "weekly_seasonality", "3" },
        { "seasonalities", "[{name: monthly, period: 30d, fourier_order: 5, condition: weekday}]" },
        { "holidays", "[{name: offsite, dates: [2025-06-12], lower_window: -1, upper_window: 1}]" },
        { "exclude", "[{start: 2025-03-01T10:00:00Z, end: 2025-03-01T12:30:00Z}]" },
        { "expected", "[{start: 2025-03-08T02:00:00Z, end: 2025-03-08T03:00:00Z}]" },
        { "holiday_calendars", "[US, gb]" },
        { "ewma_half_life", "1h30m" },
        { "level_shift", "45m" },
        { "sustained_window", "20m" },
    };

    [Fact]
    public void EveryKey_CoversTheModelKeyTable()
    {
        Assert.Equal(ModelKeys.Names.Order(StringComparer.Ordinal), EveryKey.Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void TrySetting_EveryYamlKey_SetsWhatTheModelSectionSets(string key, string value)
    {
        var yaml = ConfigText.Valid($"defaults:\n  model:\n    {key}: {value}\n").Defaults.Model;

        Assert.True(ModelKeyText.TrySetting("--set", key, value, out var change, out var error), error);

        // Records compare lists by reference, so compare their JSON.
        Assert.Equal(JsonSerializer.Serialize(yaml), JsonSerializer.Serialize(change(new ModelOptions())));
        Assert.NotEqual(JsonSerializer.Serialize(new ModelOptions()), JsonSerializer.Serialize(yaml));
    }

    [Fact]
    public void TrySetting_Values_ParsedAsYamlWouldWriteThem()
    {
        var o = new ModelOptions();
        Assert.Equal(ModelKind.SeasonalBaseline, Set(o, "type", "seasonal_baseline").Kind);
        Assert.Equal(DetectionDirection.Above, Set(o, "detection_direction", "above").DetectionDirection);
        Assert.Equal(3, Set(o, "weekly_seasonality", "3").WeeklySeasonality);
        Assert.Equal(0.95, Set(o, "interval_width", "0.95").IntervalWidth);
        Assert.Equal(Growth.Flat, Set(o, "growth", "flat").Growth);
        Assert.Equal(5400, Set(o, "ewma_half_life", "1h30m").EwmaHalfLifeSeconds);
        Assert.Equal(90, Set(o, "level_shift", "90s").LevelShiftSeconds);
        Assert.Equal(0.5, Set(o, "level_shift", "500ms").LevelShiftSeconds);
    }

    [Theory]
    [InlineData("no_such_key", "1")]
    [InlineData("interval_width", "1.5")]
    [InlineData("seasonality_mode", "sideways")]
    [InlineData("n_changepoints", "-1")]
    [InlineData("ewma_half_life", "1x")]
    [InlineData("level_shift", "90")]                  // a duration needs its unit, as in YAML
    [InlineData("type", "Prophet")]                    // enum values are snake_case, as in YAML
    [InlineData("time_zone", "Mars/Olympus_Mons")]
    [InlineData("changepoint_range", "0")]
    [InlineData("min_dev_from_expected", "-1")]
    [InlineData("holiday_calendars", "[XX]")]
    [InlineData("seasonalities", "[{name: m, period: 30d}]")]
    [InlineData("interval_width", "[0.5")]             // not YAML
    public void TrySetting_BadKeyOrValue_Fails(string key, string value)
    {
        Assert.False(ModelKeyText.TrySetting("--set", key, value, out _, out var error));
        Assert.StartsWith("--set", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("interval_width", "1.5")]
    [InlineData("type", "prophett")]
    [InlineData("time_zone", "Europe/Berlinn")]
    [InlineData("daily_seasonality", "often")]
    [InlineData("holiday_calendars", "[UK]")]
    [InlineData("seasonalities", "[{name: m, period: 0s, fourier_order: 0}]")]
    public void TrySetting_BadValue_SameMessagesAsTheModelSection(string key, string value)
    {
        var yaml = ConfigText.Load($"defaults:\n  model:\n    {key}: {value}\n").Diagnostics.Select(d => d.Message);

        Assert.False(ModelKeyText.TrySetting("--set", key, value, out _, out var error));

        Assert.Equal(string.Join("; ", yaml.Select(m => m.Replace("defaults.model.", "--set ", StringComparison.Ordinal))), error);
    }

    [Fact]
    public void TrySetting_UnknownKey_SuggestsAndListsTheModelKeys()
    {
        Assert.False(ModelKeyText.TrySetting("--set", "intervall_width", "0.9", out _, out var error));

        Assert.StartsWith("--set: unknown key \"intervall_width\" in model (did you mean \"interval_width\"?); model keys: type, interval_width,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGrid_FlowListValues_OneCandidatePerCombination()
    {
        Assert.True(ModelKeyText.TryGrid("--grid", [("holiday_calendars", "[US], [US, GB]"), ("interval_width", "0.9,0.99")], out var grid, out var error), error);

        var combos = grid.Expand(new ModelOptions());

        Assert.Equal(["holiday_calendars", "interval_width"], grid.Keys);
        Assert.Equal(
            [(1, 0.9), (1, 0.99), (2, 0.9), (2, 0.99)],
            combos.Select(c => (c.Options.HolidayCountries.Count, c.Options.IntervalWidth)));
        Assert.Equal("0.99", combos[3].Settings[1].Value);
    }

    [Fact]
    public void TryGrid_BadValues_EveryOneReportedWithItsIndex()
    {
        Assert.False(ModelKeyText.TryGrid("--grid", [("interval_width", "0.5, 1.5"), ("growth", "flat, up")], out _, out var error));

        Assert.Equal(
            "--grid interval_width[1]: must be between 0 and 1, exclusive, got 1.5; --grid growth[1]: unknown value \"up\"; expected one of: linear, flat",
            error);
    }

    [Fact]
    public void TryGrid_RepeatedKey_Fails()
    {
        Assert.False(ModelKeyText.TryGrid("--grid", [("growth", "flat"), ("growth", "linear")], out _, out var error));

        Assert.Equal("--grid: duplicate key \"growth\"", error);
    }

    [Fact]
    public void TryGrid_MoreCombinationsThanTheConfigAllows_Fails()
    {
        var orders = string.Join(",", Enumerable.Range(0, 101));
        var scales = string.Join(",", Enumerable.Range(1, 100).Select(i => $"0.{i:D3}"));

        Assert.False(ModelKeyText.TryGrid("--grid", [("n_changepoints", orders), ("changepoint_prior_scale", scales)], out _, out var error));

        Assert.Equal($"--grid: 10100 combinations to try; at most {SettingsBinder.MaxTuningCandidates} are allowed", error);
    }

    private static ModelOptions Set(ModelOptions options, string key, string value)
    {
        Assert.True(ModelKeyText.TrySetting("--set", key, value, out var change, out var error), error);
        return change(options);
    }
}
