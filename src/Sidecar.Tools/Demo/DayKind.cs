namespace Sidecar.Tools.Demo;

/// <summary>The kind of local calendar day, which picks the shape of the daily traffic curve.</summary>
public enum DayKind
{
    /// <summary>Monday to Friday.</summary>
    Weekday,

    /// <summary>Saturday and Sunday.</summary>
    Weekend,

    /// <summary>A public holiday on a weekday: a weekend-like shape, a little lower still.</summary>
    Holiday,
}
