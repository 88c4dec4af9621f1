using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// Fits many series of one window on its shared grid, in parallel, each in isolation: a series that throws gets its
/// exception recorded and the others carry on. <c>exclusions</c> gives each series the windows to leave out besides the
/// options' own <c>exclude:</c> (those added over the HTTP API or from silences), and the <c>expected</c> windows besides
/// <c>expected:</c>; <c>tuned</c> gives a series the options continuous tuning chose for it (with an id naming them),
/// or null for <c>options</c>; series with the same windows and options share one prepared grid. The fits run on
/// <see cref="FitThreads"/>, off the thread pool. Thread-safe (stateless).
/// </summary>
internal static class WindowFitter
{
    public static async Task<(IFittedModel?[] Models, Exception?[] Errors)> FitAsync(
        ShapedWindow window, IReadOnlyList<SeriesKey> keys, IModelFitter fitter, ModelOptions options, Func<SeriesKey, (IReadOnlyList<TimeRange> Exclude, IReadOnlyList<TimeRange> Expected)> exclusions, int parallelism,
        CancellationToken cancellationToken, Func<SeriesKey, (ModelOptions Options, string Id)?>? tuned = null)
    {
        var models = new IFittedModel?[keys.Count];
        var errors = new Exception?[keys.Count];
        if (keys.Count == 0)
        {
            return (models, errors);
        }

        var timestamps = new long[window.Grid.Count];
        for (var i = 0; i < timestamps.Length; i++)
        {
            timestamps[i] = window.Grid.TimestampMs(i);
        }

        // Series with the same extra windows (usually all: none) share one prepared grid.
        var groups = new Dictionary<string, (IReadOnlyList<TimeRange> Ranges, IReadOnlyList<TimeRange> Expected, ModelOptions Options, List<int> Indexes)>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var (exclude, expected) = exclusions(keys[i]);
            var ranges = Overlapping(exclude, timestamps[0], timestamps[^1]);
            var normal = Overlapping(expected, timestamps[0], timestamps[^1]);
            var own = tuned?.Invoke(keys[i]);
            var id = string.Join(',', ranges.Select(r => $"{r.StartMs}-{r.EndMs}")) + "|" + string.Join(',', normal.Select(r => $"{r.StartMs}-{r.EndMs}")) +
                "|" + own?.Id;
            if (!groups.TryGetValue(id, out var group))
            {
                group = (ranges, normal, own?.Options ?? options, []);
                groups[id] = group;
            }

            group.Indexes.Add(i);
        }

        foreach (var (ranges, normal, baseOptions, indexes) in groups.Values)
        {
            SeriesFit fit;
            try
            {
                var prepared = ranges.Count == 0 ? baseOptions : baseOptions with { Exclude = [.. baseOptions.Exclude, .. ranges] };
                fit = fitter.Prepare(timestamps, normal.Count == 0 ? prepared : prepared with { Expected = [.. prepared.Expected, .. normal] });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (var i in indexes)
                {
                    errors[i] = e;
                }

                continue;
            }

            await FitThreads.RunAsync(
                indexes.Count,
                parallelism,
                timestamps.Length,
                (item, buffer) =>
                {
                    var i = indexes[item];
                    try
                    {
                        window.CopyValues(keys[i], buffer);
                        models[i] = fit(buffer);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        errors[i] = e;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        return (models, errors);
    }

    private static List<TimeRange> Overlapping(IReadOnlyList<TimeRange> ranges, long firstMs, long lastMs) =>
        ranges.Where(r => r.StartMs <= lastMs && r.EndMs > firstMs).ToList();
}
