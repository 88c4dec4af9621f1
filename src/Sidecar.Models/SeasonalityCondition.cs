namespace Sidecar.Models;

/// <summary>Restricts a seasonality to some days (conditional seasonality), evaluated in the model's time zone.</summary>
public enum SeasonalityCondition
{
    /// <summary>Applies at all times.</summary>
    None,

    /// <summary>Applies Monday to Friday only.</summary>
    Weekday,

    /// <summary>Applies Saturday and Sunday only.</summary>
    Weekend,
}
