using System.Buffers;
using Sidecar.Models.Fitting;

namespace Sidecar.Models.Baseline;

/// <summary>
/// A robust linear trend anchored at the end of the history (0 there), so day profiles built on detrended values
/// compare days of different weeks fairly. Beyond the anchor the slope is damped with a one-day time constant,
/// like Prophet's trend here, so a forecast never runs away. Immutable.
/// </summary>
/// <param name="SlopePerDay">Change per day, series units.</param>
/// <param name="AnchorMs">Timestamp (unix ms) where the trend is 0: the last point of the history.</param>
internal sealed record BaselineTrend(double SlopePerDay, long AnchorMs)
{
    private const double DayMs = 86400e3;

    /// <summary>No trend.</summary>
    public static BaselineTrend None { get; } = new(0, 0);

    /// <summary>Trend value at <paramref name="timestampMs"/>.</summary>
    public double At(long timestampMs)
    {
        var days = (timestampMs - AnchorMs) / DayMs;
        return days <= 0 ? SlopePerDay * days : SlopePerDay * (1 - Math.Exp(-days));
    }

    /// <summary>
    /// Theil–Sen slope of the daily medians, over pairs of days of the same category only (so a weekday/weekend
    /// difference is not mistaken for a trend). Days with less than half the typical number of points are skipped.
    /// </summary>
    public static BaselineTrend Estimate(ReadOnlySpan<double> usable, ReadOnlySpan<double> localSeconds, long anchorMs, Func<long, int> category)
    {
        if (usable.Length == 0)
        {
            return None;
        }

        // bucket the values by local day (counting sort over the day range; days in ascending order)
        var firstDay = long.MaxValue;
        var lastDay = long.MinValue;
        for (var i = 0; i < usable.Length; i++)
        {
            if (!double.IsNaN(usable[i]))
            {
                var day = (long)Math.Floor(localSeconds[i] / 86400.0);
                firstDay = Math.Min(firstDay, day);
                lastDay = Math.Max(lastDay, day);
            }
        }

        if (firstDay > lastDay)
        {
            return new BaselineTrend(0, anchorMs);
        }

        var counts = new int[lastDay - firstDay + 2];
        for (var i = 0; i < usable.Length; i++)
        {
            if (!double.IsNaN(usable[i]))
            {
                counts[(long)Math.Floor(localSeconds[i] / 86400.0) - firstDay + 1]++;
            }
        }

        var typical = 0;
        for (var d = 1; d < counts.Length; d++)
        {
            typical = Math.Max(typical, counts[d]);
            counts[d] += counts[d - 1];
        }

        var offsets = counts; // now each day's start, and the total at the end
        var bucket = ArrayPool<double>.Shared.Rent(offsets[^1]);
        var fill = offsets[..^1];
        for (var i = 0; i < usable.Length; i++)
        {
            if (!double.IsNaN(usable[i]))
            {
                bucket[fill[(long)Math.Floor(localSeconds[i] / 86400.0) - firstDay]++] = usable[i];
            }
        }

        var dayList = new List<(long Day, double Median, int Category)>();
        for (var d = 0; d < offsets.Length - 1; d++)
        {
            var start = offsets[d];
            var count = offsets[d + 1] - start;
            if (count > 0 && count * 2 >= typical)
            {
                dayList.Add((firstDay + d, RobustStats.Median(bucket.AsSpan(start, count)), category(firstDay + d)));
            }
        }

        ArrayPool<double>.Shared.Return(bucket);
        var days = dayList.ToArray();
        var slopes = new List<double>();
        for (var a = 0; a < days.Length; a++)
        {
            for (var b = a + 1; b < days.Length; b++)
            {
                if (days[a].Category == days[b].Category)
                {
                    slopes.Add((days[b].Median - days[a].Median) / (days[b].Day - days[a].Day));
                }
            }
        }

        var slope = slopes.Count == 0 ? 0 : RobustStats.Median(slopes.ToArray());
        return new BaselineTrend(slope, anchorMs);
    }
}
