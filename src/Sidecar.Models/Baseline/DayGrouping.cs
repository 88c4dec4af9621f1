namespace Sidecar.Models.Baseline;

/// <summary>Which days share a daily profile in the seasonal baseline.</summary>
internal enum DayGrouping
{
    /// <summary>Every day alike.</summary>
    AllDays = 1,

    /// <summary>Monday–Friday and Saturday/Sunday (holidays count as Sundays).</summary>
    WeekdayWeekend = 2,

    /// <summary>Each day of the week on its own (holidays count as Sundays).</summary>
    DayOfWeek = 7,
}
