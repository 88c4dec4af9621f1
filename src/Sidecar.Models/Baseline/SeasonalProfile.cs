using System.Buffers;
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

    /// <summary>
    /// <see cref="At(double)"/> at every time of <paramref name="localSeconds"/>, written to <paramref name="into"/>: the
    /// same values, with the day categories looked up once per day instead of three times per point.
    /// </summary>
    public void At(ReadOnlySpan<double> localSeconds, Span<double> into)
    {
        var slots = SlotsPerDay;
        var cachedDay = long.MinValue;
        int previous = 0, current = 0, next = 0;
        for (var i = 0; i < localSeconds.Length; i++)
        {
            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            if (day != cachedDay)
            {
                cachedDay = day;
                previous = Category(day - 1) * slots;
                current = Category(day) * slots;
                next = Category(day + 1) * slots;
            }

            var pos = ((dayPos - day) * slots) - 0.5;
            var lo = (int)Math.Floor(pos);
            var frac = pos - lo;
            var a = lo < 0 ? Slots[previous + lo + slots] : lo >= slots ? Slots[next + lo - slots] : Slots[current + lo];
            var hi = lo + 1;
            var b = hi < 0 ? Slots[previous + hi + slots] : hi >= slots ? Slots[next + hi - slots] : Slots[current + hi];
            into[i] = a + ((b - a) * frac);
        }
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
    /// <remarks>
    /// Each cell (category × slot) is sorted once; the window of ±<paramref name="halfWindowSlots"/> cells then slides
    /// around the day as one sorted run (the cell leaving is dropped and the one entering merged in), so every slot's
    /// median is read off by index instead of selected from a fresh copy: the same order statistics, in linear time per
    /// slot. Values are ordered by (value, day) so that the run can drop exactly the entries of the cell leaving.
    /// </remarks>
    public static SeasonalProfile Build(ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, DayGrouping grouping, int slotsPerDay, int halfWindowSlots, long[] holidayDays, Span<double> leaveOneDayOut)
    {
        var n = values.Length;
        var categories = (int)grouping;
        var shape = new SeasonalProfile(grouping, slotsPerDay, new double[categories * slotsPerDay], holidayDays);
        var cellOf = ArrayPool<int>.Shared.Rent(n);
        var dayOf = ArrayPool<long>.Shared.Rent(n);
        var counts = new int[categories * slotsPerDay];
        var daysPerCategory = new List<long>[categories];
        var lastAdded = new long[categories];
        for (var c = 0; c < categories; c++)
        {
            daysPerCategory[c] = [];
            lastAdded[c] = long.MinValue;
        }

        var cachedDay = long.MinValue;
        var cachedCategory = 0;
        for (var i = 0; i < n; i++)
        {
            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            if (day != cachedDay)
            {
                cachedDay = day;
                cachedCategory = shape.Category(day);
            }

            var category = cachedCategory;
            dayOf[i] = day;
            cellOf[i] = (category * slotsPerDay) + Math.Min(slotsPerDay - 1, (int)((dayPos - day) * slotsPerDay));
            if (!double.IsNaN(values[i]))
            {
                counts[cellOf[i]]++;
                if (lastAdded[category] != day && !daysPerCategory[category].Contains(day))
                {
                    daysPerCategory[category].Add(day);
                }

                lastAdded[category] = day;
            }
        }

        // bucket values by cell (counting sort), keeping their day, then order each cell by (value, day)
        var offsets = new int[counts.Length + 1];
        for (var k = 0; k < counts.Length; k++)
        {
            offsets[k + 1] = offsets[k] + counts[k];
        }

        var total = offsets[^1];
        var bucketValues = ArrayPool<double>.Shared.Rent(Math.Max(1, total));
        var bucketDays = ArrayPool<long>.Shared.Rent(Math.Max(1, total));
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

        for (var cell = 0; cell < counts.Length; cell++)
        {
            SortByValueThenDay(bucketValues.AsSpan(offsets[cell], counts[cell]), bucketDays.AsSpan(offsets[cell], counts[cell]));
        }

        // a window holds at most 2·halfWindow + 1 cells (repeated when the window is wider than the day)
        var capacity = 0;
        for (var c = 0; c < categories; c++)
        {
            capacity = Math.Max(capacity, Math.Min(total, offsets[(c + 1) * slotsPerDay] - offsets[c * slotsPerDay]) * (1 + (2 * halfWindowSlots / slotsPerDay)));
        }

        capacity = Math.Max(1, capacity);
        var windowValues = ArrayPool<double>.Shared.Rent(capacity);
        var windowDays = ArrayPool<long>.Shared.Rent(capacity);
        var nextValues = ArrayPool<double>.Shared.Rent(capacity);
        var nextDays = ArrayPool<long>.Shared.Rent(capacity);
        var loo = new double[categories][];
        for (var c = 0; c < categories; c++)
        {
            var days = daysPerCategory[c];
            var leaveOut = days.Count is > 1 and <= MaxLeaveOneOutDays;
            if (leaveOut)
            {
                loo[c] = new double[slotsPerDay * days.Count];
            }

            int Cell(int slot) => (c * slotsPerDay) + ((((slot % slotsPerDay) + slotsPerDay) % slotsPerDay));

            // the window of slot 0: every cell from −halfWindow to +halfWindow, sorted together
            var m = 0;
            for (var d = -halfWindowSlots; d <= halfWindowSlots; d++)
            {
                var cell = Cell(d);
                bucketValues.AsSpan(offsets[cell], counts[cell]).CopyTo(windowValues.AsSpan(m));
                bucketDays.AsSpan(offsets[cell], counts[cell]).CopyTo(windowDays.AsSpan(m));
                m += counts[cell];
            }

            SortByValueThenDay(windowValues.AsSpan(0, m), windowDays.AsSpan(0, m));
            for (var s = 0; s < slotsPerDay; s++)
            {
                if (s > 0)
                {
                    var leaving = Cell(s - 1 - halfWindowSlots);
                    var entering = Cell(s + halfWindowSlots);
                    m = Slide(
                        windowValues.AsSpan(0, m), windowDays.AsSpan(0, m),
                        bucketValues.AsSpan(offsets[leaving], counts[leaving]), bucketDays.AsSpan(offsets[leaving], counts[leaving]),
                        bucketValues.AsSpan(offsets[entering], counts[entering]), bucketDays.AsSpan(offsets[entering], counts[entering]),
                        nextValues, nextDays);
                    (windowValues, nextValues) = (nextValues, windowValues);
                    (windowDays, nextDays) = (nextDays, windowDays);
                }

                if (leaveOut)
                {
                    for (var j = 0; j < days.Count; j++)
                    {
                        loo[c][(s * days.Count) + j] = MedianWithout(windowValues.AsSpan(0, m), windowDays.AsSpan(0, m), days[j]);
                    }
                }

                shape.Slots[(c * slotsPerDay) + s] = m == 0 ? double.NaN
                    : (m & 1) == 1 ? windowValues[m / 2]
                    : 0.5 * (windowValues[(m / 2) - 1] + windowValues[m / 2]);
            }
        }

        FillEmpty(shape.Slots, slotsPerDay);
        shape.At(localSeconds, leaveOneDayOut[..n]);
        for (var i = 0; i < n; i++)
        {
            var c = cellOf[i] / slotsPerDay;
            if (loo[c] is not { } table)
            {
                continue;
            }

            var j = daysPerCategory[c].IndexOf(dayOf[i]);
            if (j >= 0)
            {
                leaveOneDayOut[i] = table[((cellOf[i] - (c * slotsPerDay)) * daysPerCategory[c].Count) + j];
            }
        }

        ArrayPool<int>.Shared.Return(cellOf);
        ArrayPool<long>.Shared.Return(dayOf);
        ArrayPool<double>.Shared.Return(bucketValues);
        ArrayPool<long>.Shared.Return(bucketDays);
        ArrayPool<double>.Shared.Return(windowValues);
        ArrayPool<long>.Shared.Return(windowDays);
        ArrayPool<double>.Shared.Return(nextValues);
        ArrayPool<long>.Shared.Return(nextDays);
        return shape;
    }

    /// <summary>Sorts <paramref name="values"/> (no NaN) ascending with their <paramref name="days"/>, equal values by day.</summary>
    private static void SortByValueThenDay(Span<double> values, Span<long> days)
    {
        values.Sort(days);
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] != values[i - 1])
            {
                continue;
            }

            // a run of equal values: order its days (insertion sort; runs are short)
            var start = i - 1;
            var end = i + 1;
            while (end < values.Length && values[end] == values[start])
            {
                end++;
            }

            days[start..end].Sort();
            i = end - 1;
        }
    }

    private static bool Before(double value, long day, double otherValue, long otherDay) =>
        value < otherValue || (value == otherValue && day < otherDay);

    /// <summary>
    /// The sorted run <paramref name="values"/> without the (sorted, contained) entries <paramref name="leavingValues"/>
    /// and with the sorted entries <paramref name="enteringValues"/>, written to <paramref name="outValues"/>; returns its length.
    /// </summary>
    private static int Slide(
        ReadOnlySpan<double> values, ReadOnlySpan<long> days, ReadOnlySpan<double> leavingValues, ReadOnlySpan<long> leavingDays,
        ReadOnlySpan<double> enteringValues, ReadOnlySpan<long> enteringDays, double[] outValues, long[] outDays)
    {
        int w = 0, o = 0, e = 0, k = 0;
        while (w < values.Length || e < enteringValues.Length)
        {
            if (w < values.Length && o < leavingValues.Length && values[w] == leavingValues[o] && days[w] == leavingDays[o])
            {
                w++;
                o++;
                continue;
            }

            if (e < enteringValues.Length && (w == values.Length || Before(enteringValues[e], enteringDays[e], values[w], days[w])))
            {
                outValues[k] = enteringValues[e];
                outDays[k++] = enteringDays[e++];
            }
            else
            {
                outValues[k] = values[w];
                outDays[k++] = days[w++];
            }
        }

        return k;
    }

    /// <summary>Median of the sorted run <paramref name="values"/> leaving out the entries of <paramref name="day"/>; NaN when none is left.</summary>
    private static double MedianWithout(ReadOnlySpan<double> values, ReadOnlySpan<long> days, long day)
    {
        var q = 0;
        foreach (var d in days)
        {
            if (d != day)
            {
                q++;
            }
        }

        if (q == 0)
        {
            return double.NaN;
        }

        var upper = q / 2;
        var rank = 0;
        var previous = double.NaN;
        for (var k = 0; k < values.Length; k++)
        {
            if (days[k] == day)
            {
                continue;
            }

            if (rank == upper)
            {
                return (q & 1) == 1 ? values[k] : 0.5 * (previous + values[k]);
            }

            previous = values[k];
            rank++;
        }

        return double.NaN;
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
