namespace Sidecar.Series;

/// <summary>
/// How a selector's raw samples become the regular series a model sees; equal to the PromQL
/// <c>AGG by|without (LABELS) (FUNCTION(match[RANGE]))</c> evaluated every <see cref="Step"/>, after
/// <see cref="DropLabels"/> are removed from every input series. Immutable.
/// </summary>
public sealed record ShapingOptions
{
    /// <summary>Grid spacing of the shaped series (PromQL <c>step</c>).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Range function.</summary>
    public RangeFunction Function { get; init; } = RangeFunction.None;

    /// <summary>The function's range window (<c>[5m]</c>).</summary>
    public TimeSpan Range { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Instant-vector lookback for <see cref="RangeFunction.None"/> (Prometheus's default 5m).</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Aggregation across series.</summary>
    public AggregateOp Aggregate { get; init; } = AggregateOp.None;

    /// <summary>Labels kept by the aggregation (<c>by</c>); ignored when <see cref="Without"/> is true.</summary>
    public IReadOnlyList<string> By { get; init; } = [];

    /// <summary>True for <c>without (Labels)</c>: aggregate over the listed labels, keep the rest.</summary>
    public bool Without { get; init; }

    /// <summary>Labels listed after <c>without</c>.</summary>
    public IReadOnlyList<string> WithoutLabels { get; init; } = [];

    /// <summary>Churny labels removed from each series before anything else (pod hashes).</summary>
    public IReadOnlyList<string> DropLabels { get; init; } = [];

    /// <summary>What the reader's series hold: raw samples (the default), grid points, or series the store shaped.</summary>
    public SeriesInput Input { get; init; } = SeriesInput.RawSamples;
}
