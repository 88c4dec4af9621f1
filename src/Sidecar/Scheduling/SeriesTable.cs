using Sidecar.Exposition;
using Sidecar.Models;
using Sidecar.Series;
using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// The series one selector knows: modelled or warming up, with their gauges, when each was last seen and its latest
/// value; plus the series refused by <c>max_series</c> (each counted once). Admits, observes and forgets series, and
/// hands the modelled ones to its <see cref="SeriesPublisher"/>; reads and fits are the <see cref="SelectorRunner"/>'s. Thread-safe: every member takes the table's lock,
/// and no member does I/O or fitting under it.
/// </summary>
internal sealed class SeriesTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SeriesKey, TrackedSeries> _series = [];
    private readonly Dictionary<SeriesKey, long> _refused = [];
    private readonly SeriesPublisher _publisher;
    private readonly int _maxSeries;
    private readonly long _stepMs;
    private readonly long _minHistoryMs;
    private readonly long _recentMs;
    private long[] _recentTs = [];
    private double[] _recentValues = [];

    /// <param name="recentMs">How far back (ms) each series keeps its observed points for the sustained-deviation score.</param>
    public SeriesTable(SeriesPublisher publisher, int maxSeries, long stepMs, long minHistoryMs, long recentMs)
    {
        _recentMs = recentMs;
        _publisher = publisher;
        _maxSeries = maxSeries;
        _stepMs = stepMs;
        _minHistoryMs = minHistoryMs;
    }

    public (int Modelled, int WarmingUp) Counts()
    {
        lock (_gate)
        {
            var modelled = _series.Values.Count(s => s.IsModelled);
            return (modelled, _series.Count - modelled);
        }
    }

    /// <summary>Warming-up series due for a catch-up fit at <paramref name="nowMs"/>, the longest-waiting first.</summary>
    public List<SeriesKey> DueCatchUps(long nowMs, int max)
    {
        lock (_gate)
        {
            return _series.Values.Where(s => !s.IsModelled && s.NextCatchUpMs <= nowMs)
                .OrderBy(s => s.NextCatchUpMs).Take(max).Select(s => s.Key).ToList();
        }
    }

    /// <summary>Series of <paramref name="window"/> worth fitting: enough history, and known or with room under the cap.</summary>
    public List<SeriesKey> FitCandidates(ShapedWindow window)
    {
        var candidates = new List<SeriesKey>();
        lock (_gate)
        {
            var room = _maxSeries - _series.Count;
            foreach (var key in Sorted(window.Keys))
            {
                var (first, last) = window.Extent(key)!.Value;
                if (last - first + _stepMs < _minHistoryMs)
                {
                    continue;
                }

                if (_series.ContainsKey(key))
                {
                    candidates.Add(key);
                }
                else if (room > 0 && !_refused.ContainsKey(key))
                {
                    candidates.Add(key);
                    room--;
                }
            }
        }

        return candidates;
    }

    /// <summary>
    /// Takes a fit run's outcome: series of the window are admitted (or refused), fitted ones get their new model,
    /// the others keep theirs or wait for <c>min_history</c>. Returns the number newly refused by the cap.
    /// </summary>
    public int ApplyFit(ShapedWindow window, IReadOnlyList<SeriesKey> candidates, IFittedModel?[] models, long nowMs)
    {
        var fitted = new Dictionary<SeriesKey, IFittedModel>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (models[i] is { } model)
            {
                fitted[candidates[i]] = model;
            }
        }

        var refused = 0;
        lock (_gate)
        {
            foreach (var key in Sorted(window.Keys))
            {
                var (first, last) = window.Extent(key)!.Value;
                if (Admit(key, last, ref refused) is not { } series)
                {
                    continue;
                }

                series.LastSeenMs = Math.Max(series.LastSeenMs, last);

                // The window's latest point is scored at once (if fresh): ready means scored, not "at the next inference".
                if (window.Latest(key) is { } latest && latest.TimestampMs > (series.Latest?.TimestampMs ?? long.MinValue))
                {
                    foreach (var (t, v) in window.PointsAfter(key, Math.Max(latest.TimestampMs - _recentMs, series.Latest?.TimestampMs ?? long.MinValue)))
                    {
                        series.Recent.Add(t, v);
                    }
                }

                if (fitted.TryGetValue(key, out var model))
                {
                    SetModel(series, model);
                }
                else if (!series.IsModelled)
                {
                    series.NextCatchUpMs = Math.Max(first + _minHistoryMs, nowMs + _stepMs);
                }
            }
        }

        return refused;
    }

    /// <summary>
    /// Takes an inference read: every series' latest value, new series admitted as warming up (due for a catch-up at
    /// once, in case they already have history). Returns the number newly refused by the cap.
    /// </summary>
    public int Observe(ShapingResult shaped, long nowMs)
    {
        var refused = 0;
        lock (_gate)
        {
            foreach (var series in shaped.Series)
            {
                var latest = Array.FindLastIndex(series.Values, v => !ShapedSeries.IsMissing(v));
                if (latest < 0)
                {
                    continue;
                }

                var key = new SeriesKey(series.Labels, series.MetricName);
                var timestamp = series.Grid.TimestampMs(latest);
                var isNew = !_series.ContainsKey(key);
                if (Admit(key, timestamp, ref refused) is not { } tracked)
                {
                    continue;
                }

                if (isNew)
                {
                    tracked.NextCatchUpMs = nowMs;
                }

                tracked.LastSeenMs = Math.Max(tracked.LastSeenMs, timestamp);
                for (var i = 0; i <= latest; i++)
                {
                    if (!ShapedSeries.IsMissing(series.Values[i]))
                    {
                        tracked.Recent.Add(series.Grid.TimestampMs(i), series.Values[i]);
                    }
                }
            }
        }

        return refused;
    }

    /// <summary>
    /// Publishes every model's prediction for <paramref name="evalMs"/>, and value and score where the latest value is
    /// fresh (withdrawn where it is stale). Returns the series that failed, and the first failure.
    /// </summary>
    public (int Failed, SeriesKey Key, Exception? Error) Publish(long evalMs)
    {
        var failed = 0;
        (SeriesKey Key, Exception? Error) first = default;
        lock (_gate)
        {
            foreach (var series in _series.Values)
            {
                if (series.Model is not { } model)
                {
                    continue;
                }

                try
                {
                    series.Gauges ??= _publisher.CreateGauges(series.Key);
                    var count = series.Recent.Count;
                    if (_recentTs.Length < count)
                    {
                        _recentTs = new long[count * 2];
                        _recentValues = new double[count * 2];
                    }

                    series.Recent.CopyTo(_recentTs, _recentValues);
                    var score = _publisher.Publish(series.Gauges, model, _recentTs.AsSpan(0, count), _recentValues.AsSpan(0, count), evalMs);
                    series.LatestScore = score;
                    if (score > 1)
                    {
                        series.LastAnomalousMs = Math.Max(series.LastAnomalousMs, evalMs);
                    }

                    series.ShowTuning(_publisher);
                }
                catch (Exception e)
                {
                    failed++;
                    first = first.Error is null ? (series.Key, e) : first;
                    series.Gauges?.ClearObservation();
                }
            }
        }

        return (failed, first.Key, first.Error);
    }

    /// <summary>Forgets series (and refusals) last seen before <paramref name="cutoffMs"/>, removing their gauges; returns how many series.</summary>
    public int ForgetUnseen(long cutoffMs)
    {
        lock (_gate)
        {
            var gone = _series.Values.Where(s => s.LastSeenMs < cutoffMs).ToList();
            foreach (var series in gone)
            {
                series.DisposeGauges();
                _series.Remove(series.Key);
            }

            foreach (var key in _refused.Where(r => r.Value < cutoffMs).Select(r => r.Key).ToList())
            {
                _refused.Remove(key);
            }

            return gone.Count;
        }
    }

    /// <summary>Adds restored models.</summary>
    public void Restore(IEnumerable<ModelledSeries> models, long nowMs)
    {
        lock (_gate)
        {
            foreach (var restored in models)
            {
                _series[restored.Key] = new TrackedSeries(restored.Key, _recentMs)
                {
                    Model = restored.Model, LastSeenMs = restored.LastSeenMs, NextCatchUpMs = nowMs, Tuning = restored.Tuning,
                };
            }
        }
    }

    /// <summary>Moves every series of <paramref name="previous"/> here, keeping its gauges when their names did not change.</summary>
    public void AdoptFrom(SeriesTable previous, bool sameGaugeNames)
    {
        lock (previous._gate)
        {
            lock (_gate)
            {
                foreach (var (key, series) in previous._series)
                {
                    if (!sameGaugeNames)
                    {
                        series.DisposeGauges();
                    }

                    _series[key] = series;
                }

                foreach (var (key, seen) in previous._refused)
                {
                    _refused[key] = seen;
                }

                previous._series.Clear();
                previous._refused.Clear();
            }
        }
    }

    /// <summary>A catch-up of <paramref name="key"/> found too little history (or none): try again at <paramref name="nextMs"/>.</summary>
    public void Defer(SeriesKey key, long nextMs)
    {
        lock (_gate)
        {
            if (_series.TryGetValue(key, out var series))
            {
                series.NextCatchUpMs = nextMs;
            }
        }
    }

    /// <summary>Gives a warming-up series the model a catch-up fitted; false when it is gone or modelled meanwhile.</summary>
    public bool CatchUp(SeriesKey key, IFittedModel model, long lastSeenMs)
    {
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series) || series.IsModelled)
            {
                return false;
            }

            SetModel(series, model);
            series.LastSeenMs = Math.Max(series.LastSeenMs, lastSeenMs);
            return true;
        }
    }

    /// <summary>The published series (modelled, with gauges) and their current models, for forecasts.</summary>
    public List<ForecastSeries> Published()
    {
        lock (_gate)
        {
            return _series.Values.Where(s => s.Model is not null && s.Gauges is not null)
                .Select(s => new ForecastSeries(s.Gauges!.LabelNames, s.Gauges.LabelValues, s.Model!)).ToList();
        }
    }

    /// <summary>The modelled series, for saving.</summary>
    public List<ModelledSeries> Modelled()
    {
        lock (_gate)
        {
            return _series.Values.Where(s => s.IsModelled).Select(s => new ModelledSeries(s.Key, s.LastSeenMs, s.Model!) { Tuning = s.Tuning }).ToList();
        }
    }

    /// <summary>Runs <paramref name="read"/> on every series under the lock (it must not do I/O or fitting), returning what it gives that is not null.</summary>
    public List<T> Select<T>(Func<TrackedSeries, T?> read)
        where T : class
    {
        lock (_gate)
        {
            return _series.Values.Select(read).OfType<T>().ToList();
        }
    }

    /// <summary>Runs <paramref name="change"/> on the series <paramref name="key"/> under the lock; false when it is not known.</summary>
    public bool Update(SeriesKey key, Action<TrackedSeries> change)
    {
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                return false;
            }

            change(series);
            return true;
        }
    }

    /// <summary>Withdraws every gauge and forgets everything.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var series in _series.Values)
            {
                series.DisposeGauges();
            }

            _series.Clear();
            _refused.Clear();
        }
    }

    private TrackedSeries? Admit(SeriesKey key, long seenMs, ref int refusedNow)
    {
        if (_series.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_refused.ContainsKey(key))
        {
            _refused[key] = seenMs;
            return null;
        }

        if (_series.Count >= _maxSeries)
        {
            // Remember refused series (bounded) so each is counted once, not at every cycle.
            if (_refused.Count < Math.Max(10_000, 10 * _maxSeries))
            {
                _refused[key] = seenMs;
            }

            refusedNow++;
            return null;
        }

        var series = new TrackedSeries(key, _recentMs) { LastSeenMs = seenMs };
        _series[key] = series;
        return series;
    }

    // A new family keeps the gauges (their identity has no model label); the next publish switches the model info.
    private static void SetModel(TrackedSeries series, IFittedModel model) => series.Model = model;

    private static IOrderedEnumerable<SeriesKey> Sorted(IEnumerable<SeriesKey> keys) =>
        keys.OrderBy(k => k.ToString(), StringComparer.Ordinal);
}
