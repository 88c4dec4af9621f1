using Sidecar.Models.Features;

namespace Sidecar.Models.Tests.Features;

public sealed class HolidayCalendarsTests
{
    [Theory]
    [InlineData("US", 2024, 7, 4)]
    [InlineData("us", 2024, 12, 25)]
    [InlineData("DE", 2024, 10, 3)]
    [InlineData("KR", 2024, 2, 10)] // Seollal 2024
    [InlineData("KR", 2024, 2, 9)]  // the day before
    [InlineData("KR", 2024, 9, 17)] // Chuseok 2024
    [InlineData("KR", 2025, 1, 29)] // Seollal 2025
    [InlineData("KR", 2025, 10, 6)] // Chuseok 2025
    [InlineData("KR", 2023, 5, 27)] // Buddha's Birthday 2023
    [InlineData("KR", 2023, 1, 22)] // Seollal 2023 (a year with a leap month)
    public void Dates_KnownHoliday_IsListed(string country, int year, int month, int day)
    {
        var dates = HolidayCalendars.Dates(country, year, year);

        Assert.Contains(new DateOnly(year, month, day), dates);
    }

    [Fact]
    public void Dates_OrdinaryDay_IsNotListed()
    {
        Assert.DoesNotContain(new DateOnly(2024, 3, 12), HolidayCalendars.Dates("US", 2024, 2024));
        Assert.DoesNotContain(new DateOnly(2024, 3, 12), HolidayCalendars.Dates("KR", 2024, 2024));
    }

    [Fact]
    public void Dates_UnknownCountry_ThrowsWithSupportedList()
    {
        var e = Assert.Throws<ArgumentException>(() => HolidayCalendars.Dates("XX", 2024, 2024));

        Assert.Contains("KR", e.Message);
        Assert.Contains("US", e.Message);
    }

    [Fact]
    public void Countries_IncludesPackageCountriesAndKorea()
    {
        Assert.Contains("KR", HolidayCalendars.Countries);
        Assert.Contains("GB", HolidayCalendars.Countries);
        Assert.Contains("JP", HolidayCalendars.Countries);
    }
}
