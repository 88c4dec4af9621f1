using System.Buffers;
using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Turns a selector's raw series into the regular series its models see, equal to what Prometheus 2.x's
/// <c>/api/v1/query_range</c> returns for <c>AGG by|without (L) (FUNC(match[RANGE]))</c> on the same grid, after
/// <see cref="ShapingOptions.DropLabels"/> merged the series they made identical (see <see cref="SeriesMerger"/>).
/// <para>
/// Incremental use: the value at a grid point depends only on samples at most <see cref="HistoryMs"/> before it, so
/// a caller that read raw samples in [<c>grid.StartMs − HistoryMs</c>, <c>grid.EndMs</c>] gets exactly the points a
/// shaping of a longer read would give for that grid (<see cref="ReadStartMs"/>). Align grids with
/// <see cref="StepGrid.AlignDown"/> so consecutive shapings share timestamps.
/// </para>
/// Differences from PromQL, by design: raw series are read without stale markers, so a series that ended is visible
/// for one more lookback; without aggregation, series that differ only in <c>__name__</c> after a range function stay
/// apart (told by <see cref="ShapedSeries.MetricName"/>) where PromQL would fail the query.
/// <para>
/// The input need not be raw samples (<see cref="ShapingOptions.Input"/>): grid points from a <c>query_range</c> read
/// are taken at their own timestamp (the store's lookback chose them), and series the store shaped are taken as they are.
/// </para>
/// Pure; thread-safe (immutable after construction).
/// </summary>
public sealed class SeriesShaper
{
    private readonly ShapingOptions _options;
    private readonly StepEvaluator _evaluator;
    private readonly HashSet<string> _dropLabels;
    private readonly HashSet<string> _groupingLabels;
    private readonly long _lookbackMs;
    private readonly bool _dropsName;
    private readonly SeriesShard _shard;

    /// <summary>
    /// Creates a shaper for one selector's options that keeps only the series <paramref name="shard"/> owns (all when
    /// null); the others are counted in <see cref="ShapingResult.SeriesNotOwned"/> and dropped.
    /// </summary>
    /// <exception cref="ArgumentException">Step, range or lookback is not a positive whole number of milliseconds.</exception>
    public SeriesShaper(ShapingOptions options, SeriesShard? shard = null)
    {
        _shard = shard ?? SeriesShard.None;
        // What the store shaped is only picked off the grid: no function, aggregation or label dropping again.
        _options = options.Input == SeriesInput.Shaped
            ? options with { Function = RangeFunction.None, Aggregate = AggregateOp.None, DropLabels = [] }
            : options;
        StepMs = WholeMilliseconds(options.Step, nameof(options.Step));
        var rangeMs = WholeMilliseconds(options.Range, nameof(options.Range));
        _lookbackMs = WholeMilliseconds(options.Lookback, nameof(options.Lookback));

        // Grid points are instant-vector values already: a lookback of 0 takes the point at the grid timestamp only.
        var instantWindowMs = options.Input == SeriesInput.RawSamples ? _lookbackMs : 0;
        _evaluator = new StepEvaluator(_options.Function, rangeMs, instantWindowMs);
        _dropLabels = new HashSet<string>(_options.DropLabels, StringComparer.Ordinal);
        _groupingLabels = new HashSet<string>(_options.Without ? _options.WithoutLabels : _options.By, StringComparer.Ordinal);

        // A store-shaped series may carry the metric name its reader knows (one name matched) where the store's
        // function or aggregation dropped it: it becomes the series' MetricName, as for raw samples, not a label.
        _dropsName = options.Function != RangeFunction.None ||
            (options.Input == SeriesInput.Shaped && options.Aggregate != AggregateOp.None &&
             (options.Without || !options.By.Contains(LabelSet.MetricName)));
    }

    /// <summary>The grid step, milliseconds.</summary>
    public long StepMs { get; }

    /// <summary>How far before a grid point raw samples can affect it (the range, or the lookback for a gauge), ms.</summary>
    public long HistoryMs => _evaluator.WindowMs;

    /// <summary>The earliest raw sample timestamp (unix ms) that can affect a shaping of <paramref name="grid"/>.</summary>
    public long ReadStartMs(StepGrid grid) => grid.StartMs - HistoryMs;

    /// <summary>Shapes onto the <c>query_range</c> grid <paramref name="startMs"/>..<paramref name="endMs"/> by <see cref="StepMs"/>.</summary>
    public ShapingResult Shape(IReadOnlyList<TimeSeries> raw, long startMs, long endMs) =>
        Shape(raw, StepGrid.Between(startMs, endMs, StepMs));

    /// <summary>Shapes <paramref name="raw"/> (timestamps ascending within each series) onto <paramref name="grid"/>.</summary>
    public ShapingResult Shape(IReadOnlyList<TimeSeries> raw, StepGrid grid)
    {
        var merged = SeriesMerger.DropAndMerge(raw, _dropLabels, _lookbackMs, out var dropped);
        var shaped = _options.Aggregate == AggregateOp.None ? EachSeries(merged, grid) : Aggregated(merged, grid);
        shaped.Sort(static (a, b) =>
        {
            var byLabels = LabelSetComparer.Instance.Compare(a.Labels, b.Labels);
            return byLabels != 0 ? byLabels : string.CompareOrdinal(a.MetricName, b.MetricName);
        });
        var notOwned = _shard.IsSharded ? shaped.RemoveAll(s => !_shard.Owns(s.Labels, s.MetricName)) : 0;
        return new ShapingResult(shaped, dropped, notOwned);
    }

    private List<ShapedSeries> EachSeries(List<TimeSeries> merged, StepGrid grid)
    {
        var result = new List<ShapedSeries>(merged.Count);
        foreach (var series in merged)
        {
            var values = new double[grid.Count];
            if (_evaluator.Evaluate(series, grid, values) > 0)
            {
                result.Add(new ShapedSeries(FunctionLabels(series.Labels), series.Labels.Name, grid, values));
            }
        }

        return result;
    }

    private List<ShapedSeries> Aggregated(List<TimeSeries> merged, StepGrid grid)
    {
        var groups = new Dictionary<LabelSet, AggregationGroup>();
        var order = new List<AggregationGroup>();
        var scratch = ArrayPool<double>.Shared.Rent(grid.Count);
        try
        {
            var values = scratch.AsSpan(0, grid.Count);
            foreach (var series in merged)
            {
                if (_evaluator.Evaluate(series, grid, values) == 0)
                {
                    continue;
                }

                var key = GroupLabels(series.Labels);
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = new AggregationGroup(key, _options.Aggregate, grid.Count);
                    order.Add(group);
                }

                group.Add(values, series.Labels.Name);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }

        var result = new List<ShapedSeries>(order.Count);
        foreach (var group in order)
        {
            if (group.ToShapedSeries(grid) is { } shaped)
            {
                result.Add(shaped);
            }
        }

        return result;
    }

    // Range functions drop the metric name, as every PromQL function that changes the value does.
    private LabelSet FunctionLabels(LabelSet labels) =>
        !_dropsName || labels.Get(LabelSet.MetricName).Length == 0
            ? labels
            : LabelSet.From(labels.Where(static l => l.Name != LabelSet.MetricName));

    // by keeps only the listed labels (the metric name only if a gauge kept it); without drops them and the name.
    private LabelSet GroupLabels(LabelSet labels)
    {
        var keepName = !_options.Without && _options.Function == RangeFunction.None;
        return LabelSet.From(labels.Where(l => l.Name == LabelSet.MetricName
            ? keepName && _groupingLabels.Contains(l.Name)
            : _groupingLabels.Contains(l.Name) != _options.Without));
    }

    private static long WholeMilliseconds(TimeSpan duration, string name)
    {
        if (duration <= TimeSpan.Zero || duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{name} must be a positive whole number of milliseconds, got {duration}", name);
        }

        return duration.Ticks / TimeSpan.TicksPerMillisecond;
    }
}
