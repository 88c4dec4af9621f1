using Sidecar.Tools.Backtest;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class AlertOnsetsTests
{
    private const long Minute = 60_000;

    [Theory]
    // 5-minute rows: two rows above 1 in a row page once, at the second; one alone never pages.
    [InlineData(5, "0 2 0 0 0", "0 0 0 0 0")]
    [InlineData(5, "0 2 3 4 0", "0 0 1 0 0")]
    // One page per episode: still above at the next rows, no new onset; after a row at or below 1, a new one.
    [InlineData(5, "2 2 2 1 2 2", "0 1 0 0 0 1")]
    // 1-minute rows: six rows (5 minutes held) before the page.
    [InlineData(1, "2 2 2 2 2 2 2", "0 0 0 0 0 1 0")]
    [InlineData(1, "2 2 2 2 0 2 2 2 2 2 2", "0 0 0 0 0 0 0 0 0 0 1")]
    // A missing score ends the episode, as a missing gauge does.
    [InlineData(5, "2 NaN 2 2", "0 0 0 1")]
    public void Compute_ScoresAtEvenRows_OnsetWhereTheRuleStartsFiring(int stepMinutes, string scores, string expected)
    {
        var values = scores.Split(' ').Select(s => s == "NaN" ? double.NaN : double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var timestamps = values.Select((_, i) => i * stepMinutes * Minute).ToArray();

        var onsets = AlertOnsets.Compute(timestamps, values);

        Assert.Equal(expected, string.Join(' ', onsets));
    }

    [Fact]
    public void Compute_GapLongerThanTheLookback_EndsTheEpisode()
    {
        // Fires at 5 minutes; no row from 5 to 12, so the value is gone at 11 (six minutes old): a new episode,
        // paged again at 17.
        long[] timestamps = [0, 5 * Minute, 12 * Minute, 17 * Minute];

        Assert.Equal([0, 1, 0, 1], AlertOnsets.Compute(timestamps, [2.0, 2, 2, 2]));
    }
}
