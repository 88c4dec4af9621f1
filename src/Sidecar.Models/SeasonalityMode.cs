namespace Sidecar.Models;

/// <summary>How seasonalities and holidays combine with the trend.</summary>
public enum SeasonalityMode
{
    /// <summary>y = trend + seasonal.</summary>
    Additive,

    /// <summary>y = trend × (1 + seasonal).</summary>
    Multiplicative,
}
