namespace Sidecar.Models;

/// <summary>
/// A named holiday: the calendar dates it falls on (in the model's time zone) and how many days before
/// (<see cref="LowerWindow"/>, zero or negative) and after (<see cref="UpperWindow"/>, zero or positive) it
/// also affects traffic.
/// </summary>
public sealed record HolidayOptions(
    string Name,
    IReadOnlyList<DateOnly> Dates,
    int LowerWindow = 0,
    int UpperWindow = 0,
    double PriorScale = 10.0);
