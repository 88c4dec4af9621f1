using System.Globalization;

namespace Sidecar.Models.Features;

/// <summary>
/// South Korean public holidays, which the PublicHoliday package does not cover: the solar ones plus the
/// lunar Seollal (lunar new year, with the day before and after), Buddha's Birthday (lunar 4/8) and Chuseok
/// (lunar 8/15, with the day before and after), converted with .NET's <see cref="KoreanLunisolarCalendar"/>.
/// Substitute holidays are not modelled.
/// </summary>
internal static class KoreanHolidays
{
    private static readonly KoreanLunisolarCalendar Lunar = new();

    public static IEnumerable<DateOnly> Dates(int year)
    {
        int[][] solar = [[1, 1], [3, 1], [5, 5], [6, 6], [8, 15], [10, 3], [10, 9], [12, 25]];
        foreach (var md in solar)
        {
            yield return new DateOnly(year, md[0], md[1]);
        }

        if (year <= Lunar.MinSupportedDateTime.Year || year >= Lunar.MaxSupportedDateTime.Year)
        {
            yield break;
        }

        var seollal = FromLunar(year, 1, 1);
        yield return seollal.AddDays(-1);
        yield return seollal;
        yield return seollal.AddDays(1);
        yield return FromLunar(year, 4, 8);
        var chuseok = FromLunar(year, 8, 15);
        yield return chuseok.AddDays(-1);
        yield return chuseok;
        yield return chuseok.AddDays(1);
    }

    /// <summary>Gregorian date of lunar <paramref name="month"/>/<paramref name="day"/> (not a leap month) of a lunar year.</summary>
    internal static DateOnly FromLunar(int year, int month, int day)
    {
        // in a year with a leap month, months from the leap month on shift up by one index
        var leap = Lunar.GetLeapMonth(year);
        var index = leap != 0 && leap <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
