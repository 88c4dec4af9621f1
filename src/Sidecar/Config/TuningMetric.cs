namespace Sidecar.Config;

/// <summary>The cross-validation metric tuning minimises (<c>tuning.metric</c>); <see cref="Coverage"/> is
/// scored by its distance from the configured <c>interval_width</c>.</summary>
public enum TuningMetric
{
    /// <summary>Mean squared error.</summary>
    Mse,

    /// <summary>Root mean squared error.</summary>
    Rmse,

    /// <summary>Mean absolute error.</summary>
    Mae,

    /// <summary>Mean absolute percentage error.</summary>
    Mape,

    /// <summary>Median absolute percentage error.</summary>
    Mdape,

    /// <summary>Symmetric mean absolute percentage error.</summary>
    Smape,

    /// <summary>Fraction of points inside the band.</summary>
    Coverage,

    /// <summary>Fraction of normal points outside the band (false alerts).</summary>
    ErrorCount,

    /// <summary>Mean distance beyond the band, relative to the band's half-width.</summary>
    ErrorMagnitude,
}
