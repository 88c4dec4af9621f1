namespace Sidecar.Series;

/// <summary>What one shaping produced. Immutable.</summary>
/// <param name="Series">
/// The shaped series, sorted by labels then metric name; series without any point on the grid are left out, as
/// PromQL leaves them out.
/// </param>
/// <param name="OverlappingSamplesDropped">
/// Raw samples discarded because series merged by <c>drop_labels</c> overlapped in time (a sign that the dropped
/// labels separate concurrent series, not successive incarnations of one).
/// </param>
/// <param name="SeriesNotOwned">
/// Shaped series left out because another shard owns them (<see cref="SeriesShard"/>); 0 without sharding.
/// </param>
public sealed record ShapingResult(IReadOnlyList<ShapedSeries> Series, int OverlappingSamplesDropped, int SeriesNotOwned = 0);
