namespace Sidecar.Series;

/// <summary>The PromQL function a selector's samples go through before modelling.</summary>
public enum RangeFunction
{
    /// <summary>A gauge: the last sample within the lookback, as a PromQL instant vector selects it.</summary>
    None,

    /// <summary><c>rate(x[range])</c>: per-second increase, counter resets and extrapolation as PromQL.</summary>
    Rate,

    /// <summary><c>increase(x[range])</c>.</summary>
    Increase,

    /// <summary><c>delta(x[range])</c>, for gauges.</summary>
    Delta,
}
