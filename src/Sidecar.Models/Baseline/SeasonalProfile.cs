using Sidecar.Models.Features;
using Sidecar.Models.Fitting;

namespace Sidecar.Models.Baseline;

/// <summary>
/// A robust seasonal profile by local time of day, one per day category (all days, weekday/weekend, or day of
/// week; holidays count as Sundays): each slot is the median of every past value of that category within
/// ±<c>halfWindow</c> slots of its time of day, so one bad day among several does not move it. Also gives
/// each point's profile value built without its own day when its category has few days ("the same time on
/// the other days"), whose errors are honest out-of-sample errors for the band. Immutable; thread-safe.
/// </summary>
internal sealed class SeasonalProfile
{
    private const int MaxLeaveOneOutDays = 3;

    public SeasonalProfile(DayGrouping grouping, int slotsPerDay, double[] slots, long[] holidayDays)
    {
        Grouping = grouping;
        SlotsPerDay = slotsPerDay;
        Slots = slots;
        HolidayDays = holidayDays;
    }

    public DayGrouping Grouping { get; }

    public int SlotsPerDay { get; }

    /// <summary>Profile values, category-major: <c>[category × SlotsPerDay + slot]</c>.</summary>
    public double[] Slots { get; }

    /// <summary>Local day numbers (days since 1970-01-01 local) that count as Sundays, sorted.</summary>
    public long[] HolidayDays { get; }

    /// <summary>Category of a local day number.</summary>
    public int Category(long localDay)
    {
        if (Grouping == DayGrouping.AllDays)
        {
            return 0;
        }

        var dow = Array.BinarySearch(HolidayDays, localDay) >= 0 ? 0 : LocalClock.DayOfWeek(localDay);
        return Grouping == DayGrouping.DayOfWeek ? dow : dow is 0 or 6 ? 1 : 0;
    }

    /// <summary>Profile at a local time, interpolated linearly between slot centres (across midnight too).</summary>
    public double At(double localSeconds)
    {
        var dayPos = localSeconds / 86400.0;
        var day = (long)Math.Floor(dayPos);
        var pos = ((dayPos - day) * SlotsPerDay) - 0.5;
        var lo = (int)Math.Floor(pos);
        var frac = pos - lo;
        return Value(day, lo) + ((Value(day, lo + 1) - Value(day, lo)) * frac);
    }

    private double Value(long day, int slot)
    {
        if (slot < 0)
        {
            day--;
            slot += SlotsPerDay;
        }
        else if (slot >= SlotsPerDay)
        {
            day++;
            slot -= SlotsPerDay;
        }

        return Slots[(Category(day) * SlotsPerDay) + slot];
    }

    /// <summary>
    /// Builds the profile from <paramref name="values"/> (NaN skipped) at local times
    /// <paramref name="localSeconds"/>, and writes each point's leave-one-day-out profile value to
    /// <paramref name="leaveOneDayOut"/> (the full profile where its category has more than three days).
    /// </summary>
    public static SeasonalProfile Build(ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, DayGrouping grouping, int slotsPerDay, int halfWindowSlots, long[] holidayDays, Span<double> leaveOneDayOut)
    {
        var n = values.Length;
        var categories = (int)grouping;
        var shape = new SeasonalProfile(grouping, slotsPerDay, new double[categories * slotsPerDay], holidayDays);
        var cellOf = new int[n];
        var dayOf = new long[n];
        var counts = new int[categories * slotsPerDay];
        var daysPerCategory = new HashSet<long>[categories];
        for (var c = 0; c < categories; c++)
        {
            daysPerCategory[c] = [];
        }

        for (var i = 0; i < n; i++)
        {
            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            var category = shape.Category(day);
            dayOf[i] = day;
            cellOf[i] = (category * slotsPerDay) + Math.Min(slotsPerDay - 1, (int)((dayPos - day) * slotsPerDay));
            if (!double.IsNaN(values[i]))
            {
                counts[cellOf[i]]++;
                daysPerCategory[category].Add(day);
            }
        }

        // bucket values by cell (counting sort), keeping their day
        var offsets = new int[counts.Length + 1];
        for (var k = 0; k < counts.Length; k++)
        {
            offsets[k + 1] = offsets[k] + counts[k];
        }

        var bucketValues = new double[offsets[^1]];
        var bucketDays = new long[offsets[^1]];
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                var k = fill[cellOf[i]]++;
                bucketValues[k] = values[i];
                bucketDays[k] = dayOf[i];
            }
        }

        var scratch = new double[Math.Max(1, bucketValues.Length)];
        var scratchDays = new long[scratch.Length];
        var others = new double[scratch.Length];
        var loo = new Dictionary<(int Cell, long Day), double>();
        for (var c = 0; c < categories; c++)
        {
            var leaveOut = daysPerCategory[c].Count is > 1 and <= MaxLeaveOneOutDays;
            for (var s = 0; s < slotsPerDay; s++)
            {
                var m = 0;
                for (var d = -halfWindowSlots; d <= halfWindowSlots; d++)
                {
                    var cell = (c * slotsPerDay) + ((((s + d) % slotsPerDay) + slotsPerDay) % slotsPerDay);
                    for (var k = offsets[cell]; k < offsets[cell + 1]; k++)
                    {
                        scratchDays[m] = bucketDays[k];
                        scratch[m++] = bucketValues[k];
                    }
                }

                if (leaveOut)
                {
                    foreach (var day in daysPerCategory[c])
                    {
                        var q = 0;
                        for (var k = 0; k < m; k++)
                        {
                            if (scratchDays[k] != day)
                            {
                                others[q++] = scratch[k];
                            }
                        }

                        loo[((c * slotsPerDay) + s, day)] = q == 0 ? double.NaN : RobustStats.Median(others.AsSpan(0, q));
                    }
                }

                shape.Slots[(c * slotsPerDay) + s] = m == 0 ? double.NaN : RobustStats.Median(scratch.AsSpan(0, m));
            }
        }

        FillEmpty(shape.Slots, slotsPerDay);
        for (var i = 0; i < n; i++)
        {
            leaveOneDayOut[i] = loo.TryGetValue((cellOf[i], dayOf[i]), out var v) ? v : shape.At(localSeconds[i]);
        }

        return shape;
    }

    /// <summary>Empty slots take the nearest filled slot of their category, or of any category.</summary>
    private static void FillEmpty(double[] slots, int slotsPerDay)
    {
        if (slots.All(double.IsNaN))
        {
            return;
        }

        var overall = RobustStats.Median(slots.Where(double.IsFinite).ToArray());
        var categories = slots.Length / slotsPerDay;
        for (var c = 0; c < categories; c++)
        {
            var day = slots.AsSpan(c * slotsPerDay, slotsPerDay);
            var copy = day.ToArray();
            for (var s = 0; s < slotsPerDay; s++)
            {
                if (!double.IsNaN(copy[s]))
                {
                    continue;
                }

                day[s] = overall;
                for (var d = 1; d <= slotsPerDay / 2; d++)
                {
                    var left = copy[(s - d + slotsPerDay) % slotsPerDay];
                    var right = copy[(s + d) % slotsPerDay];
                    if (!double.IsNaN(left) || !double.IsNaN(right))
                    {
                        day[s] = double.IsNaN(left) ? right : double.IsNaN(right) ? left : 0.5 * (left + right);
                        break;
                    }
                }
            }
        }
    }
}
