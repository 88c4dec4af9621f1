namespace Sidecar.Series;

/// <summary>The PromQL aggregation applied across series after the range function.</summary>
public enum AggregateOp
{
    /// <summary>No aggregation: every series is modelled on its own.</summary>
    None,

    /// <summary><c>sum</c></summary>
    Sum,

    /// <summary><c>avg</c></summary>
    Avg,

    /// <summary><c>min</c></summary>
    Min,

    /// <summary><c>max</c></summary>
    Max,

    /// <summary><c>count</c></summary>
    Count,
}
