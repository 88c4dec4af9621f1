using Sidecar.Config;

namespace Sidecar.Tests.Config;

public class ConfigFingerprintTests
{
    private const string Base = ConfigText.RemoteRead + """
        defaults:
          model:
            seasonalities: [{name: hourly, period: 1h, fourier_order: 3}]
          tuning: {grid: {growth: [flat, linear]}}
        selectors:
          - name: a
            match: 'x{job="api"}'
            function: rate
            range: 5m
            aggregate: sum
            by: [job]

        """;

    [Fact]
    public void Of_SameTextLoadedTwice_Equal()
    {
        var first = ConfigText.Valid(Base).Selectors[0];
        var second = ConfigText.Valid(Base).Selectors[0];

        Assert.NotSame(first.Settings.Model.Seasonalities, second.Settings.Model.Seasonalities);
        Assert.Equal(ConfigFingerprint.Of(first), ConfigFingerprint.Of(second));
        Assert.Matches("^[0-9a-f]{64}$", ConfigFingerprint.Of(first));
    }

    [Fact]
    public void Of_CommentsAndKeyOrderChanged_Equal()
    {
        var reordered = ConfigText.Valid(ConfigText.RemoteRead + """
            # reordered, same meaning
            selectors:
              - by: [job]
                aggregate: sum
                range: 5m
                function: rate
                match: 'x{job="api"}'
                name: a
            defaults:
              tuning: {grid: {growth: [flat, linear]}}
              model:
                seasonalities: [{period: 1h, fourier_order: 3, name: hourly}]
            """).Selectors[0];

        Assert.Equal(ConfigFingerprint.Of(ConfigText.Valid(Base).Selectors[0]), ConfigFingerprint.Of(reordered));
    }

    [Theory]
    [InlineData("    range: 5m\n", "    range: 10m\n")]
    [InlineData("by: [job]", "by: [job, route]")]
    [InlineData("match: 'x{job=\"api\"}'", "match: 'x{job=\"web\"}'")]
    [InlineData("period: 1h", "period: 2h")]
    [InlineData("[flat, linear]", "[flat]")]
    [InlineData("    by: [job]\n", "    by: [job]\n    fit_every: 2h\n")]
    [InlineData("    by: [job]\n", "    by: [job]\n    model: {interval_width: 0.95}\n")]
    public void Of_MeaningChanged_Differs(string from, string to)
    {
        Assert.Contains(from, Base, StringComparison.Ordinal);
        var changed = ConfigText.Valid(Base.Replace(from, to, StringComparison.Ordinal)).Selectors[0];

        Assert.NotEqual(ConfigFingerprint.Of(ConfigText.Valid(Base).Selectors[0]), ConfigFingerprint.Of(changed));
    }
}
