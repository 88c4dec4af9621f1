namespace Sidecar.Series;

/// <summary>What the series a reader hands to <see cref="SeriesShaper"/> hold, which decides what is left to shape.</summary>
public enum SeriesInput
{
    /// <summary>Raw samples as stored (remote read): the shaper does everything, equal to PromQL.</summary>
    RawSamples,

    /// <summary>
    /// The store's instant-vector values on the step grid (a <c>query_range</c> of the bare selector): the store's
    /// lookback has already picked each point, so an instant vector takes the point at the grid timestamp itself; a
    /// range function runs over these step-spaced points, which is not PromQL's rate over the raw samples.
    /// </summary>
    GridPoints,

    /// <summary>
    /// Series the store has shaped already (a <c>query_range</c> of the whole expression): each point is taken as it
    /// is, with no function, aggregation or dropped labels applied again.
    /// </summary>
    Shaped,
}
