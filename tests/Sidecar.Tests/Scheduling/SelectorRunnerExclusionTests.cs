using Sidecar.Scheduling;

namespace Sidecar.Tests.Scheduling;

public sealed class SelectorRunnerExclusionTests : IDisposable
{
    private static readonly string[] Selectors = ["s"];
    private readonly RunnerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData("s", true)]
    [InlineData(null, true)]
    [InlineData("other", false)]
    public async Task FitAsync_ExclusionAddedBetweenFits_ChangesOnlyTheMatchingSeriesAtTheNextFit(string? selector, bool applies)
    {
        using var runner = _f.Runner();
        await runner.FitAsync(CancellationToken.None);
        var a = await BandAsync("a");
        var b = await BandAsync("b");
        var start = _f.Time.GetUtcNow().AddDays(-2).ToUnixTimeSeconds();
        var end = _f.Time.GetUtcNow().AddHours(-3).ToUnixTimeSeconds();
        var change = _f.Exclusions.Add(new($"{start}", $"{end}", "{instance=\"a\"}", selector, "test"), [.. Selectors, "other"], "test");
        Assert.NotNull(change.Exclusion);

        await runner.FitAsync(CancellationToken.None);

        // Same clock, same data: without the exclusion the refit is identical, so any change is the exclusion's.
        Assert.Equal(b, await BandAsync("b"));
        if (applies)
        {
            Assert.NotEqual(a, await BandAsync("a"));
        }
        else
        {
            Assert.Equal(a, await BandAsync("a"));
        }
    }

    private async Task<(double? Lower, double? Upper)> BandAsync(string instance) =>
        (await _f.GaugeAsync("predicted_lower", $"instance=\"{instance}\""), await _f.GaugeAsync("predicted_upper", $"instance=\"{instance}\""));
}
