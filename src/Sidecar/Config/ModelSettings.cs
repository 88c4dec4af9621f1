using Sidecar.Models;

namespace Sidecar.Config;

/// <summary>
/// The <c>model:</c> section after merging selector keys over <c>defaults.model</c>: the
/// <see cref="ModelOptions"/> it maps onto, plus the keys that are not model options yet. Immutable.
/// </summary>
public sealed record ModelSettings
{
    /// <summary>The model options (<c>type</c>, <c>interval_width</c>, seasonalities, holidays, ...).</summary>
    public ModelOptions Options { get; init; } = new();

    /// <summary>
    /// Country codes of built-in holiday calendars (<c>holiday_calendars</c>, e.g. <c>US</c>, <c>KR</c>), as written;
    /// the model code expands them into <see cref="ModelOptions.Holidays"/>.
    /// </summary>
    public IReadOnlyList<string> HolidayCalendars { get; init; } = [];
}
