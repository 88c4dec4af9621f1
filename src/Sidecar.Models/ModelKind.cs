namespace Sidecar.Models;

/// <summary>Which model family fits a series.</summary>
public enum ModelKind
{
    /// <summary>Chosen per series by rolling cross-validation among the others.</summary>
    Auto,

    /// <summary>Prophet-style: piecewise-linear trend + Fourier seasonalities + holidays.</summary>
    Prophet,

    /// <summary>Robust per-slot median/MAD of a seasonal cycle (e.g. the same minute-of-week).</summary>
    SeasonalBaseline,

    /// <summary>Non-seasonal online EWMA with a robust (MAD) band, for series with no cycle.</summary>
    Ewma,
}
