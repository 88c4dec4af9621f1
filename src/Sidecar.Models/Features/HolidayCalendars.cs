using PublicHoliday;

namespace Sidecar.Models.Features;

/// <summary>
/// Built-in public-holiday calendars by ISO 3166-1 alpha-2 country code: the countries of the PublicHoliday
/// package (US, GB, DE, FR, JP, …) plus KR (solar holidays and the lunar Seollal, Buddha's Birthday and
/// Chuseok). Pure and thread-safe.
/// </summary>
public static class HolidayCalendars
{
    /// <summary>Codes accepted by <see cref="Dates"/> (upper case, sorted).</summary>
    public static IReadOnlyList<string> Countries { get; } = BuildCountries();

    /// <summary>True when <paramref name="countryCode"/> (any case) has a built-in calendar.</summary>
    public static bool IsSupported(string countryCode) =>
        Countries.Contains(countryCode.ToUpperInvariant(), StringComparer.Ordinal);

    /// <summary>Every public holiday of <paramref name="countryCode"/> in the years [<paramref name="fromYear"/>, <paramref name="toYear"/>], sorted.</summary>
    /// <exception cref="ArgumentException">The country has no built-in calendar.</exception>
    public static IReadOnlyList<DateOnly> Dates(string countryCode, int fromYear, int toYear)
    {
        ArgumentNullException.ThrowIfNull(countryCode);
        var code = countryCode.ToUpperInvariant();
        if (!IsSupported(code))
        {
            throw new ArgumentException($"no built-in holiday calendar for country \"{countryCode}\" (supported: {string.Join(", ", Countries)})", nameof(countryCode));
        }

        var dates = new SortedSet<DateOnly>();
        for (var year = fromYear; year <= toYear; year++)
        {
            if (code == "KR")
            {
                dates.UnionWith(KoreanHolidays.Dates(year));
                continue;
            }

            foreach (var h in PublicHolidayFactory.GetPublicHolidayForCountry(code).PublicHolidaysInformation(year))
            {
                // the observed day is when traffic changes (a Sunday holiday observed on Monday)
                dates.Add(DateOnly.FromDateTime(h.ObservedDate));
            }
        }

        return [.. dates];
    }

    /// <summary>The holidays of a country as one holiday group named <c>holidays_&lt;CODE&gt;</c>.</summary>
    public static HolidayOptions ForCountry(string countryCode, int fromYear, int toYear, double priorScale = 10.0) =>
        new($"holidays_{countryCode.ToUpperInvariant()}", Dates(countryCode, fromYear, toYear), 0, 0, priorScale);

    private static string[] BuildCountries()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal) { "KR" };
        foreach (var name in Enum.GetNames<PublicHolidayCountryCode>())
        {
            var code = name.ToUpperInvariant();
            try
            {
                _ = PublicHolidayFactory.GetPublicHolidayForCountry(code);
                codes.Add(code);
            }
            catch (ArgumentException)
            {
                // an enum name the factory does not accept as a code (e.g. an alias)
            }
        }

        return [.. codes];
    }
}
