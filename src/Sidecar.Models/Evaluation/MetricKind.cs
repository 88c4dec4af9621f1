namespace Sidecar.Models.Evaluation;

/// <summary>A metric of <see cref="ForecastMetrics"/>, for choosing among tuned candidates.</summary>
public enum MetricKind
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

    /// <summary>Fraction inside the band; tuning minimises its distance from the interval width.</summary>
    Coverage,

    /// <summary>Fraction of normal points outside the band.</summary>
    ErrorCount,

    /// <summary>Mean distance beyond the band relative to its half-width, over points outside it.</summary>
    ErrorMagnitude,
}
