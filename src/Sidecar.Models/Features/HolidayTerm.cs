namespace Sidecar.Models.Features;

/// <summary>
/// One holiday design column: an indicator that is 1 on the local days in <see cref="Days"/> (local day
/// numbers, sorted, already shifted by the window offset this column stands for).
/// </summary>
internal sealed record HolidayTerm(string Name, int Offset, long[] Days, double PriorScale)
{
    /// <summary>True when <paramref name="localDay"/> is one of <see cref="Days"/>.</summary>
    public bool Contains(long localDay) => Array.BinarySearch(Days, localDay) >= 0;
}
