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
/// <remarks>
/// A weekday/weekend profile may also keep the nights between a working day and a day off (<see cref="HasNights"/>):
/// for <see cref="NightHours"/> either side of midnight, a Friday evening and the Saturday morning after it may behave
/// like neither day (people stay up before a day off and sleep in after a working week; a Sunday night goes quiet
/// early), so they form categories of their own, 2 (working day → day off) and 3 (day off → working day), the last
/// slots of the day being the evening and the first ones the morning after (a holiday's nights are not among them:
/// too few to learn, they take the holiday's and the other day's profiles). A night is kept only when it was seen at
/// least <see cref="MinNights"/> times and its own points are told better, out of sample, by the other nights of its
/// kind than by the profiles of the days it joins (<see cref="NightErrorRatio"/>); otherwise it takes those days'
/// profiles, so a series without such nights is modelled as it would be without them. With one category per day of the week a day's
/// neighbours are already part of its category, so only the weekday/weekend split keeps nights.
/// </remarks>
internal sealed class SeasonalProfile
{
    private const int MaxLeaveOneOutDays = 3;

    /// <summary>The fewest nights of a kind (observed in part or whole) that make its own profile.</summary>
    internal const int MinNights = 2;

    public SeasonalProfile(DayGrouping grouping, int slotsPerDay, double[] slots, long[] holidayDays)
    {
        Grouping = grouping;
        SlotsPerDay = slotsPerDay;
        Slots = slots;
        HolidayDays = holidayDays;
        HasNights = grouping == DayGrouping.WeekdayWeekend && slots.Length == ProfileCategories(grouping, nights: true) * slotsPerDay;
    }

    /// <summary>
    /// Whether <see cref="Slots"/> holds the two nights between working days and days off after the day categories:
    /// only when at least one of them was kept (profiles fitted before format 6 never do).
    /// </summary>
    public bool HasNights { get; }

    /// <summary>How many profiles of <see cref="SlotsPerDay"/> slots a profile of <paramref name="grouping"/> holds.</summary>
    public static int ProfileCategories(DayGrouping grouping, bool nights) =>
        (int)grouping + (nights && grouping == DayGrouping.WeekdayWeekend ? 2 : 0);

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

    /// <summary>
    /// The profile that slot <paramref name="slot"/> of local day <paramref name="localDay"/> belongs to: the day's
    /// category, or the night between it and its neighbour on that half of the day when they differ (see remarks).
    /// </summary>
    public int CellCategory(long localDay, int slot) => HasNights ? NightOrDay(localDay, slot, SlotsPerDay, [true, true]) : Category(localDay);

    /// <summary>As <see cref="CellCategory"/>, with only the nights marked in <paramref name="nightKept"/> (index 0: night 2, 1: night 3) kept.</summary>
    private int NightOrDay(long localDay, int slot, int slotsPerDay, ReadOnlySpan<bool> nightKept)
    {
        var own = Category(localDay);
        var nightSlots = NightSlots(slotsPerDay);
        var morning = slot < nightSlots;
        if (!morning && slot < slotsPerDay - nightSlots)
        {
            return own;
        }

        var neighbour = morning ? localDay - 1 : localDay + 1;
        var other = Category(neighbour);
        if (other == own || Array.BinarySearch(HolidayDays, localDay) >= 0 || Array.BinarySearch(HolidayDays, neighbour) >= 0)
        {
            // a holiday's nights are too few to learn: they take the holiday's (a Sunday's) and the other day's profiles
            return own;
        }

        var night = (morning ? other : own) == 0 ? 2 : 3;
        return nightKept[night - 2] ? night : own;
    }

    /// <summary>How long a night lasts either side of midnight.</summary>
    internal const double NightHours = 6;

    /// <summary>The slots of a night either side of midnight.</summary>
    private static int NightSlots(int slotsPerDay) => (int)Math.Round(slotsPerDay * NightHours / 24);

    /// <summary>The local day a night's evening falls on, which identifies it: the day before for a morning.</summary>
    private static long NightOf(long localDay, int slot, int slotsPerDay) => slot < slotsPerDay / 2 ? localDay - 1 : localDay;

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
        var nightSlots = HasNights ? NightSlots(slots) : 0;
        var cachedDay = long.MinValue;
        int previous = 0, morning = 0, own = 0, evening = 0, next = 0;
        for (var i = 0; i < localSeconds.Length; i++)
        {
            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            if (day != cachedDay)
            {
                cachedDay = day;
                previous = CellCategory(day - 1, slots - 1) * slots;
                morning = CellCategory(day, 0) * slots;
                own = Category(day) * slots;
                evening = CellCategory(day, slots - 1) * slots;
                next = CellCategory(day + 1, 0) * slots;
            }

            var pos = ((dayPos - day) * slots) - 0.5;
            var lo = (int)Math.Floor(pos);
            var frac = pos - lo;
            var a = lo < 0 ? Slots[previous + lo + slots] : lo >= slots ? Slots[next + lo - slots] : Slots[(lo < nightSlots ? morning : lo >= slots - nightSlots ? evening : own) + lo];
            var hi = lo + 1;
            var b = hi < 0 ? Slots[previous + hi + slots] : hi >= slots ? Slots[next + hi - slots] : Slots[(hi < nightSlots ? morning : hi >= slots - nightSlots ? evening : own) + hi];
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

        return Slots[(CellCategory(day, slot) * SlotsPerDay) + slot];
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
        var shape = new SeasonalProfile(grouping, slotsPerDay, new double[ProfileCategories(grouping, nights: true) * slotsPerDay], holidayDays);
        Span<bool> nightKept = [shape.HasNights, shape.HasNights];
        if (shape.HasNights)
        {
            CountNights(shape, values, localSeconds, nightKept);
        }

        Span<bool> better = [false, false];
        var profile = Build(shape, values, localSeconds, halfWindowSlots, leaveOneDayOut, nightKept, better);
        if ((nightKept[0] && !better[0]) || (nightKept[1] && !better[1]))
        {
            // a night no better told by the other nights of its kind than by its days' profiles is not kept
            shape = new SeasonalProfile(grouping, slotsPerDay, new double[shape.Slots.Length], holidayDays);
            nightKept[0] &= better[0];
            nightKept[1] &= better[1];
            profile = Build(shape, values, localSeconds, halfWindowSlots, leaveOneDayOut, nightKept, better);
        }

        // without a night kept, the nights' slots are the days' own: not stored
        return profile.HasNights && !nightKept[0] && !nightKept[1]
            ? new SeasonalProfile(grouping, slotsPerDay, profile.Slots[..(ProfileCategories(grouping, nights: false) * slotsPerDay)], holidayDays)
            : profile;
    }

    /// <summary>
    /// A kept night must forecast its own points out of sample (each night from the other nights of its kind) with
    /// absolute errors summing to at most this share of those of the profiles of the days it joins (built without
    /// the nights, so also out of sample).
    /// </summary>
    internal const double NightErrorRatio = 0.9;

    /// <summary>
    /// Builds into <paramref name="shape"/> with the nights of <paramref name="nightKept"/>; <paramref name="nightBetter"/>
    /// receives, per kept night, whether it passes <see cref="NightErrorRatio"/>.
    /// </summary>
    private static SeasonalProfile Build(SeasonalProfile shape, ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, int halfWindowSlots, Span<double> leaveOneDayOut, ReadOnlySpan<bool> nightKept, Span<bool> nightBetter)
    {
        var n = values.Length;
        var grouping = shape.Grouping;
        var slotsPerDay = shape.SlotsPerDay;
        var categories = shape.Slots.Length / slotsPerDay;
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
        var nightSlots = shape.HasNights ? NightSlots(slotsPerDay) : 0;
        int morningCategory = 0, ownCategory = 0, eveningCategory = 0;
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            if (day != cachedDay)
            {
                cachedDay = day;
                ownCategory = shape.Category(day);
                morningCategory = shape.HasNights ? shape.NightOrDay(day, 0, slotsPerDay, nightKept) : ownCategory;
                eveningCategory = shape.HasNights ? shape.NightOrDay(day, slotsPerDay - 1, slotsPerDay, nightKept) : morningCategory;
            }

            var slot = Math.Min(slotsPerDay - 1, (int)((dayPos - day) * slotsPerDay));
            var category = slot < nightSlots ? morningCategory : slot >= slotsPerDay - nightSlots ? eveningCategory : ownCategory;
            // a night is one "day" for leaving one out: its morning belongs to the evening before
            day = category >= (int)grouping ? NightOf(day, slot, slotsPerDay) : day;
            dayOf[i] = day;
            cellOf[i] = (category * slotsPerDay) + slot;
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
        var mostDays = MaxLeaveOneOutDays;
        for (var c = (int)grouping; c < categories; c++)
        {
            mostDays = Math.Max(mostDays, daysPerCategory[c].Count);
        }

        var dayBits = new ulong[mostDays][];
        var dayCounts = new int[mostDays];
        var loo = new double[categories][];
        for (var c = 0; c < categories; c++)
        {
            var days = daysPerCategory[c];
            // a night is always left out, from the other nights of its kind, to tell whether it is worth keeping
            var leaveOut = c >= (int)grouping ? days.Count > 1 : !leaveOneDayOut.IsEmpty && days.Count is > 1 and <= MaxLeaveOneOutDays;
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

        if (shape.HasNights)
        {
            DayHalvesForEmptyNights(shape.Slots, slotsPerDay);
        }

        FillEmpty(shape.Slots, slotsPerDay);
        if (!leaveOneDayOut.IsEmpty)
        {
            shape.At(localSeconds, leaveOneDayOut[..n]);
        }

        Span<double> nightError = [0, 0];
        Span<double> dayError = [0, 0];
        for (var i = 0; i < n; i++)
        {
            var c = cellOf[i] / slotsPerDay;
            if (loo[c] is not { } table)
            {
                continue;
            }

            var slot = cellOf[i] - (c * slotsPerDay);
            var j = daysPerCategory[c].IndexOf(dayOf[i]);
            var left = j >= 0 ? table[(slot * daysPerCategory[c].Count) + j] : double.NaN;
            if (leaveOneDayOut.Length > 0 && j >= 0)
            {
                leaveOneDayOut[i] = left;
            }

            if (c >= (int)grouping && !double.IsNaN(values[i]) && !double.IsNaN(left))
            {
                // the night's own point against the other nights, and against its calendar day's profile
                var day = (long)Math.Floor(localSeconds[i] / 86400.0);
                nightError[c - (int)grouping] += Math.Abs(values[i] - left);
                dayError[c - (int)grouping] += Math.Abs(values[i] - shape.Slots[(shape.Category(day) * slotsPerDay) + slot]);
            }
        }

        for (var k = 0; k < nightBetter.Length; k++)
        {
            nightBetter[k] = nightKept[k] && nightError[k] <= NightErrorRatio * dayError[k];
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

    /// <summary>
    /// Whether each night between working days and days off was seen at least <see cref="MinNights"/> times (index 0:
    /// working day → day off, 1: the other way), counting a night observed in part.
    /// </summary>
    private static void CountNights(SeasonalProfile shape, ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, Span<bool> kept)
    {
        var slotsPerDay = shape.SlotsPerDay;
        Span<int> counts = [0, 0];
        Span<long> last = [long.MinValue, long.MinValue];
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            var slot = Math.Min(slotsPerDay - 1, (int)((dayPos - day) * slotsPerDay));
            var category = shape.NightOrDay(day, slot, slotsPerDay, [true, true]);
            if (category < (int)shape.Grouping)
            {
                continue;
            }

            var night = NightOf(day, slot, slotsPerDay);
            if (last[category - 2] != night)
            {
                // times are increasing, so a night's points come together
                last[category - 2] = night;
                counts[category - 2]++;
            }
        }

        kept[0] = counts[0] >= MinNights;
        kept[1] = counts[1] >= MinNights;
    }

    /// <summary>
    /// Empty slots of a night (one not kept, or a half of one never observed) take the profiles of the days it joins:
    /// its evening the working day's or day off's evening, its morning the next day's morning.
    /// </summary>
    private static void DayHalvesForEmptyNights(double[] slots, int slotsPerDay)
    {
        for (var night = 2; night <= 3; night++)
        {
            var (evening, morning) = night == 2 ? (0, 1) : (1, 0);
            for (var s = 0; s < slotsPerDay; s++)
            {
                var cell = (night * slotsPerDay) + s;
                if (double.IsNaN(slots[cell]))
                {
                    slots[cell] = slots[((s < slotsPerDay / 2 ? morning : evening) * slotsPerDay) + s];
                }
            }
        }
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
