using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class AlertOnsetsTests
{
    private const long Minute = 60_000;

    [Theory]
    // No for: the first row above 1 pages, whatever the step.
    [InlineData(5, "0 2 0 0 0", "0 1 0 0 0")]
    [InlineData(1, "0 0 2 2 2", "0 0 1 0 0")]
    // One page per episode: a dip under 1 shorter than keep_firing_for (10m) is the same episode.
    [InlineData(5, "2 2 2 1 2 2", "1 0 0 0 0 0")]
    [InlineData(5, "2 0 0 2", "1 0 0 0")]
    [InlineData(1, "2 0 0 0 0 0 0 0 0 0 2", "1 0 0 0 0 0 0 0 0 0 0")]
    // Ten minutes after the first evaluation that no longer held, it resolves: the next row above 1 is a new page.
    [InlineData(5, "2 0 0 0 2", "1 0 0 0 1")]
    [InlineData(1, "2 0 0 0 0 0 0 0 0 0 0 0 2", "1 0 0 0 0 0 0 0 0 0 0 0 1")]
    // 1 itself is not above the threshold.
    [InlineData(5, "1 1 1", "0 0 0")]
    // A missing score is a stale gauge: it counts as not holding, and keep_firing_for still bridges it.
    [InlineData(5, "2 NaN 2 2", "1 0 0 0")]
    [InlineData(5, "2 NaN NaN 2", "1 0 0 0")]
    [InlineData(5, "2 NaN NaN NaN 2", "1 0 0 0 1")]
    public void Compute_ScoresAtEvenRows_OnsetWhereTheRuleStartsFiring(int stepMinutes, string scores, string expected)
    {
        var values = scores.Split(' ').Select(s => s == "NaN" ? double.NaN : double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var timestamps = values.Select((_, i) => i * stepMinutes * Minute).ToArray();

        var onsets = AlertOnsets.Compute(timestamps, values);

        Assert.Equal(expected, string.Join(' ', onsets));
    }

    [Fact]
    public void Compute_GapLongerThanLookbackAndKeepFiringFor_IsANewEpisode()
    {
        // Fires at 0. The row at 0 is gone from 6 (older than the 5m lookback), so the alert keeps firing until 16;
        // a row at 12 bridges it, a row at 40 is a new page.
        long[] timestamps = [0, 12 * Minute, 40 * Minute];

        Assert.Equal([1, 0, 1], AlertOnsets.Compute(timestamps, [2.0, 2, 2]));
    }
}
