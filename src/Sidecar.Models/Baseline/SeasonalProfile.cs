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

    /// <summary>
    /// Below this many values pooled in a slot's median (on average over its category), a day's value in that
    /// median pulls it towards itself: in sample, the 95% quantile of |error| of normal noise around a median of N
    /// values is 10% short of a new point's at N = 5 (a week of hourly points), 2.4% at 30 and under 1% from 50
    /// (simulated). Two weeks of 1- or 5-minute points pool 350 or 70. Where a category pools fewer,
    /// <see cref="Build"/>'s <c>sparseLeaveOneDayOut</c> leaves each day out of its own median.
    /// </summary>
    internal const int MinPooledValues = 50;

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

        var dow = IsHoliday(localDay) ? 0 : LocalClock.DayOfWeek(localDay);
        return Grouping == DayGrouping.DayOfWeek ? dow : dow is 0 or 6 ? 1 : 0;
    }

    private bool IsHoliday(long localDay) => Array.BinarySearch(HolidayDays, localDay) >= 0;

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
        if (other == own || IsHoliday(localDay) || IsHoliday(neighbour))
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

    /// <summary>
    /// The category of slot <paramref name="slot"/> given its day's: <paramref name="morning"/> for the first
    /// <paramref name="nightSlots"/> slots, <paramref name="evening"/> for the last ones, <paramref name="own"/> between.
    /// </summary>
    private static int OfRegion(int slot, int slotsPerDay, int nightSlots, int morning, int own, int evening) =>
        slot < nightSlots ? morning : slot >= slotsPerDay - nightSlots ? evening : own;

    /// <summary>
    /// The day category that half of night <paramref name="night"/> (2: working day → day off, 3: the other way) falls
    /// on: a morning the day off's (1) after night 2, the working day's (0) after night 3; an evening the other.
    /// </summary>
    private static int DayOfNight(int night, bool morning) => (night == 2) == morning ? 1 : 0;

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
            var a = lo < 0 ? Slots[previous + lo + slots] : lo >= slots ? Slots[next + lo - slots] : Slots[OfRegion(lo, slots, nightSlots, morning, own, evening) + lo];
            var hi = lo + 1;
            var b = hi < 0 ? Slots[previous + hi + slots] : hi >= slots ? Slots[next + hi - slots] : Slots[OfRegion(hi, slots, nightSlots, morning, own, evening) + hi];
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
    /// span when they are not wanted. <paramref name="sparseLeaveOneDayOut"/>, when not empty (and
    /// <paramref name="leaveOneDayOut"/> is not), receives the same values except that a day is also left out where its
    /// category pools fewer than <see cref="MinPooledValues"/> values a slot: out of sample in the structure as well,
    /// for forecasts ahead, while the scores' band keeps the errors it was tuned on.
    /// </summary>
    /// <remarks>
    /// The observed values are ranked once (radix sort); a slot's window of ±<paramref name="halfWindowSlots"/> cells is
    /// then a set of ranks, kept as a bit set that slides around the day (the cell leaving is cleared, the one entering
    /// set), and its median is read off by counting bits. The same order statistics as selecting from a copy of the
    /// window, in a fraction of the time; leaving a day out masks that day's bits.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The window (2 × <paramref name="halfWindowSlots"/> + 1 slots) is wider than the day.</exception>
    public static SeasonalProfile Build(ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, DayGrouping grouping, int slotsPerDay, int halfWindowSlots, long[] holidayDays, Span<double> leaveOneDayOut, Span<double> sparseLeaveOneDayOut = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((2 * halfWindowSlots) + 1, slotsPerDay, nameof(halfWindowSlots));
        if (!sparseLeaveOneDayOut.IsEmpty && leaveOneDayOut.IsEmpty)
        {
            throw new ArgumentException("the sparse leave-one-day-out values come with the leave-one-day-out ones.", nameof(sparseLeaveOneDayOut));
        }

        var plain = Build(new SeasonalProfile(grouping, slotsPerDay, new double[ProfileCategories(grouping, nights: false) * slotsPerDay], holidayDays), values, localSeconds, halfWindowSlots, leaveOneDayOut, sparseLeaveOneDayOut, [false, false]);
        if (grouping != DayGrouping.WeekdayWeekend)
        {
            return plain;
        }

        Span<bool> kept = [true, true];
        KeepNightsThatForecastBetter(plain, values, localSeconds, halfWindowSlots, kept);

        // without a night kept, the days' profiles are the model: nothing more is built or stored
        return kept[0] || kept[1]
            ? Build(new SeasonalProfile(grouping, slotsPerDay, new double[ProfileCategories(grouping, nights: true) * slotsPerDay], holidayDays), values, localSeconds, halfWindowSlots, leaveOneDayOut, sparseLeaveOneDayOut, kept)
            : plain;
    }

    /// <summary>
    /// A kept night must forecast its own points out of sample (each night from the other nights of its kind) with
    /// absolute errors summing to at most this share of those of its days' profiles built without any night (so out
    /// of sample too: a Friday evening against the other working days' evenings).
    /// </summary>
    internal const double NightErrorRatio = 0.9;

    /// <summary>
    /// Clears the nights of <paramref name="kept"/> seen fewer than <see cref="MinNights"/> times (in part or whole) or
    /// that do not pass <see cref="NightErrorRatio"/>, judged at every <paramref name="halfWindowSlots"/>-th slot. Each night's
    /// leave-one-out value at a slot is the median of the other nights of its kind within ±<paramref name="halfWindowSlots"/>
    /// slots, as the build with nights would leave it out, and its days' value the median of their points there that
    /// are no night's, as that build would make it; computed here from the points near midnight alone, so a series
    /// without such nights pays one pass over its points and a few hundred medians, not a second build.
    /// <paramref name="plain"/>: the profile without nights (its categories).
    /// </summary>
    private static void KeepNightsThatForecastBetter(SeasonalProfile plain, ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, int halfWindowSlots, Span<bool> kept)
    {
        var slotsPerDay = plain.SlotsPerDay;
        var grouping = (int)plain.Grouping;
        var nightSlots = NightSlots(slotsPerDay);
        var reach = nightSlots + halfWindowSlots;
        // cells 0 .. 2S−1: the nights' points by kind and slot; 2S .. 4S−1: the days' other points near midnight by
        // category and slot. Points are counted, then placed cell by cell (a counting sort).
        var cellOf = ArrayPool<int>.Shared.Rent(values.Length);
        var nightOf = ArrayPool<long>.Shared.Rent(values.Length);
        var counts = new int[(4 * slotsPerDay) + 1];
        var cachedDay = long.MinValue;
        int morning = 0, evening = 0, own = 0;
        for (var i = 0; i < values.Length; i++)
        {
            cellOf[i] = -1;
            var dayPos = localSeconds[i] / 86400.0;
            var day = (long)Math.Floor(dayPos);
            var slot = Math.Min(slotsPerDay - 1, (int)((dayPos - day) * slotsPerDay));
            if (double.IsNaN(values[i]) || (slot >= reach && slot < slotsPerDay - reach))
            {
                continue;
            }

            if (day != cachedDay)
            {
                cachedDay = day;
                own = plain.Category(day);
                morning = plain.NightOrDay(day, 0, slotsPerDay, kept);
                evening = plain.NightOrDay(day, slotsPerDay - 1, slotsPerDay, kept);
            }

            var category = OfRegion(slot, slotsPerDay, nightSlots, morning, own, evening);
            cellOf[i] = category >= grouping ? ((category - grouping) * slotsPerDay) + slot : ((2 + category) * slotsPerDay) + slot;
            nightOf[i] = NightOf(day, slot, slotsPerDay);
            counts[cellOf[i] + 1]++;
        }

        for (var k = 1; k < counts.Length; k++)
        {
            counts[k] += counts[k - 1];
        }

        var placed = ArrayPool<double>.Shared.Rent(Math.Max(1, counts[^1]));
        var placedNight = ArrayPool<long>.Shared.Rent(Math.Max(1, counts[^1]));
        var fill = (int[])counts.Clone();
        var nights = new List<long>[] { [], [] };
        for (var i = 0; i < values.Length; i++)
        {
            if (cellOf[i] < 0)
            {
                continue;
            }

            var at = fill[cellOf[i]]++;
            placed[at] = values[i];
            placedNight[at] = nightOf[i];
            if (cellOf[i] < 2 * slotsPerDay && nights[cellOf[i] / slotsPerDay] is { } list && (list.Count == 0 || list[^1] != nightOf[i]) && !list.Contains(nightOf[i]))
            {
                list.Add(nightOf[i]);
            }
        }

        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, counts[^1]));
        var dayMedian = new double[2 * slotsPerDay];
        Array.Fill(dayMedian, double.NaN);
        // the median of the points of cells table·S + slot ± halfWindow, leaving out night leftOut (none: long.MinValue)
        double WindowMedian(int table, int slot, long leftOut)
        {
            var m = 0;
            for (var d = -halfWindowSlots; d <= halfWindowSlots; d++)
            {
                var k = (table * slotsPerDay) + ((((slot + d) % slotsPerDay) + slotsPerDay) % slotsPerDay);
                for (var r = counts[k]; r < counts[k + 1]; r++)
                {
                    if (placedNight[r] != leftOut)
                    {
                        scratch[m++] = placed[r];
                    }
                }
            }

            return RobustStats.Median(scratch.AsSpan(0, m));
        }

        for (var kind = 0; kind < 2; kind++)
        {
            double nightError = 0, dayError = 0;
            // every (halfWindowSlots)-th slot: a window's worth of points apart, a third of the medians for as good a verdict
            for (var slot = 0; kept[kind] && nights[kind].Count >= MinNights && slot < slotsPerDay; slot += Math.Max(1, halfWindowSlots))
            {
                var cell = (kind * slotsPerDay) + slot;
                if (counts[cell] == counts[cell + 1])
                {
                    continue;
                }

                // the days' profile without any night: a working-day evening without the Fridays' (out of sample too)
                var dayCategory = DayOfNight(2 + kind, morning: slot < slotsPerDay / 2);
                ref var dayValue = ref dayMedian[(dayCategory * slotsPerDay) + slot];
                if (double.IsNaN(dayValue))
                {
                    dayValue = WindowMedian(2 + dayCategory, slot, long.MinValue);
                }

                if (double.IsNaN(dayValue))
                {
                    continue;
                }

                foreach (var night in nights[kind])
                {
                    var left = WindowMedian(kind, slot, night);
                    for (var r = counts[cell]; r < counts[cell + 1] && !double.IsNaN(left); r++)
                    {
                        if (placedNight[r] == night)
                        {
                            nightError += Math.Abs(placed[r] - left);
                            dayError += Math.Abs(placed[r] - dayValue);
                        }
                    }
                }
            }

            kept[kind] = kept[kind] && nights[kind].Count >= MinNights && nightError <= NightErrorRatio * dayError;
        }

        ArrayPool<int>.Shared.Return(cellOf);
        ArrayPool<long>.Shared.Return(nightOf);
        ArrayPool<double>.Shared.Return(placed);
        ArrayPool<long>.Shared.Return(placedNight);
        ArrayPool<double>.Shared.Return(scratch);
    }

    /// <summary>
    /// Builds into <paramref name="shape"/> (with room for nights or without) with the nights of <paramref name="nightKept"/>.
    /// </summary>
    private static SeasonalProfile Build(SeasonalProfile shape, ReadOnlySpan<double> values, ReadOnlySpan<double> localSeconds, int halfWindowSlots, Span<double> leaveOneDayOut, Span<double> sparseLeaveOneDayOut, ReadOnlySpan<bool> nightKept)
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
            var category = OfRegion(slot, slotsPerDay, nightSlots, morningCategory, ownCategory, eveningCategory);
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
        // which categories leave each day out: for the scores' band (few days, or a night) and, for forecasts, also
        // where a slot pools few values
        var leaveOuts = new bool[categories];
        var sparse = new bool[categories];
        var mostDays = MaxLeaveOneOutDays;
        for (var c = 0; c < categories; c++)
        {
            var days = daysPerCategory[c].Count;
            if (leaveOneDayOut.IsEmpty || days < 2)
            {
                continue;
            }

            // a night is left out from the other nights of its kind however many there are (a holiday-free fortnight
            // or three weeks hold two or three)
            leaveOuts[c] = c >= (int)grouping || days <= MaxLeaveOneOutDays;
            if (!sparseLeaveOneDayOut.IsEmpty)
            {
                var pooled = 0;
                for (var k = c * slotsPerDay; k < (c + 1) * slotsPerDay; k++)
                {
                    pooled += counts[k];
                }

                sparse[c] = leaveOuts[c] || (double)pooled * ((2 * halfWindowSlots) + 1) / slotsPerDay < MinPooledValues;
            }

            if (leaveOuts[c] || sparse[c])
            {
                mostDays = Math.Max(mostDays, days);
            }
        }

        var dayBits = new ulong[mostDays][];
        var dayCounts = new int[mostDays];
        var loo = new double[categories][];
        for (var c = 0; c < categories; c++)
        {
            var days = daysPerCategory[c];
            var leaveOut = leaveOuts[c] || sparse[c];
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
            if (!sparseLeaveOneDayOut.IsEmpty)
            {
                leaveOneDayOut[..n].CopyTo(sparseLeaveOneDayOut);
            }
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
                var value = table[((cellOf[i] - (c * slotsPerDay)) * daysPerCategory[c].Count) + j];
                if (leaveOuts[c])
                {
                    leaveOneDayOut[i] = value;
                }

                if (sparse[c])
                {
                    sparseLeaveOneDayOut[i] = value;
                }
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

    /// <summary>
    /// Empty slots of a night (one not kept, or a half of one never observed) take the profiles of the days it joins:
    /// its evening the working day's or day off's evening, its morning the next day's morning.
    /// </summary>
    private static void DayHalvesForEmptyNights(double[] slots, int slotsPerDay)
    {
        for (var night = 2; night <= 3; night++)
        {
            for (var s = 0; s < slotsPerDay; s++)
            {
                var cell = (night * slotsPerDay) + s;
                if (double.IsNaN(slots[cell]))
                {
                    slots[cell] = slots[(DayOfNight(night, morning: s < slotsPerDay / 2) * slotsPerDay) + s];
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
