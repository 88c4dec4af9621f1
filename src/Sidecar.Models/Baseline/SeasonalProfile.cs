using System.Buffers;
using System.Numerics;
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
    /// <paramref name="leaveOneDayOut"/> (the full profile where its category has more than three days); pass an empty
    /// span when they are not wanted.
    /// </summary>
    /// <remarks>
    /// The observed values are ranked once (radix sort); a slot's window of ±<paramref name="halfWindowSlots"/> cells is
    /// then a set of ranks, kept as a bit set that slides around the day (the cell leaving is cleared, the one entering
    /// set), and its median is read off by counting bits. The same order statistics as selecting from a copy of the
    /// window, in a fraction of the time; leaving a day out masks that day's bits.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The window (2 × <paramref name="halfWindowSlots"/> + 1 slots) is wider than the day.</exception>
    public static SeasonalProfile Build(ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, DayGrouping grouping, int slotsPerDay, int halfWindowSlots, long[] holidayDays, Span<double> leaveOneDayOut)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((2 * halfWindowSlots) + 1, slotsPerDay, nameof(halfWindowSlots));
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
        var total = 0;
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
                total++;
                if (lastAdded[category] != day && !daysPerCategory[category].Contains(day))
                {
                    daysPerCategory[category].Add(day);
                }

                lastAdded[category] = day;
            }
        }

        // rank the observed values: sorted[r] is the r-th smallest, point order[r]
        var sorted = ArrayPool<double>.Shared.Rent(Math.Max(1, total));
        var order = ArrayPool<int>.Shared.Rent(Math.Max(1, total));
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                sorted[m] = values[i];
                order[m++] = i;
            }
        }

        var orderScratch = ArrayPool<int>.Shared.Rent(Math.Max(1, total));
        RadixOrder.Sort(sorted.AsSpan(0, total), order.AsSpan(0, total), orderScratch);

        // the ranks of each cell (counting sort by cell)
        var offsets = new int[counts.Length + 1];
        for (var k = 0; k < counts.Length; k++)
        {
            offsets[k + 1] = offsets[k] + counts[k];
        }

        var cellRanks = orderScratch;
        var fill = (int[])offsets.Clone();
        for (var r = 0; r < total; r++)
        {
            cellRanks[fill[cellOf[order[r]]]++] = r;
        }

        var words = (total + 63) / 64;
        var window = new ulong[words];
        var dayBits = new ulong[MaxLeaveOneOutDays][];
        var dayCounts = new int[MaxLeaveOneOutDays];
        var loo = new double[categories][];
        for (var c = 0; c < categories; c++)
        {
            var days = daysPerCategory[c];
            var leaveOut = !leaveOneDayOut.IsEmpty && days.Count is > 1 and <= MaxLeaveOneOutDays;
            if (leaveOut)
            {
                loo[c] = new double[slotsPerDay * days.Count];
                for (var j = 0; j < days.Count; j++)
                {
                    dayBits[j] ??= new ulong[words];
                    Array.Clear(dayBits[j]);
                    dayCounts[j] = 0;
                }
            }

            Array.Clear(window);
            m = 0;
            void Toggle(int slot, bool add)
            {
                var cell = (c * slotsPerDay) + (((slot % slotsPerDay) + slotsPerDay) % slotsPerDay);
                for (var k = offsets[cell]; k < offsets[cell + 1]; k++)
                {
                    var r = cellRanks[k];
                    var bit = 1UL << (r & 63);
                    window[r >> 6] ^= bit;
                    if (leaveOut)
                    {
                        var j = days.IndexOf(dayOf[order[r]]);
                        dayBits[j][r >> 6] ^= bit;
                        dayCounts[j] += add ? 1 : -1;
                    }
                }

                m += (add ? 1 : -1) * (offsets[cell + 1] - offsets[cell]);
            }

            for (var d = -halfWindowSlots; d <= halfWindowSlots; d++)
            {
                Toggle(d, add: true);
            }

            for (var s = 0; s < slotsPerDay; s++)
            {
                if (s > 0)
                {
                    Toggle(s - 1 - halfWindowSlots, add: false);
                    Toggle(s + halfWindowSlots, add: true);
                }

                if (leaveOut)
                {
                    for (var j = 0; j < days.Count; j++)
                    {
                        loo[c][(s * days.Count) + j] = Median(window, dayBits[j], m - dayCounts[j], sorted);
                    }
                }

                shape.Slots[(c * slotsPerDay) + s] = Median(window, null, m, sorted);
            }
        }

        FillEmpty(shape.Slots, slotsPerDay);
        if (!leaveOneDayOut.IsEmpty)
        {
            shape.At(localSeconds, leaveOneDayOut[..n]);
        }

        for (var i = 0; leaveOneDayOut.Length > 0 && i < n; i++)
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
        ArrayPool<double>.Shared.Return(sorted);
        ArrayPool<int>.Shared.Return(order);
        ArrayPool<int>.Shared.Return(orderScratch);
        return shape;
    }

    /// <summary>
    /// Median of the <paramref name="count"/> values whose ranks are set in <paramref name="window"/> and not in
    /// <paramref name="without"/> (null: none masked); NaN when <paramref name="count"/> is 0.
    /// </summary>
    private static double Median(ulong[] window, ulong[]? without, int count, double[] sorted)
    {
        if (count == 0)
        {
            return double.NaN;
        }

        // the rank of order statistic (count − 1) / 2, then the next one when count is even
        var target = (count - 1) / 2;
        for (var w = 0; w < window.Length; w++)
        {
            var bits = without is null ? window[w] : window[w] & ~without[w];
            var c = BitOperations.PopCount(bits);
            if (target >= c)
            {
                target -= c;
                continue;
            }

            for (; target > 0; target--)
            {
                bits &= bits - 1;
            }

            var lower = sorted[(w * 64) + BitOperations.TrailingZeroCount(bits)];
            if ((count & 1) == 1)
            {
                return lower;
            }

            bits &= bits - 1;
            while (bits == 0)
            {
                w++;
                bits = without is null ? window[w] : window[w] & ~without[w];
            }

            return 0.5 * (lower + sorted[(w * 64) + BitOperations.TrailingZeroCount(bits)]);
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
