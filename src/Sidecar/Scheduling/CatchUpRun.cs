using Sidecar.Config;
using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// A selector's catch-up: fits the warming-up series that are due, each from a narrowed read of its own inputs. A
/// series that now has <c>min_history</c> is modelled at once; one that does not is tried again when it will.
/// Not reentrant: the caller must not overlap two catch-ups of one selector.
/// </summary>
internal sealed class CatchUpRun(
    SelectorConfig selector,
    ISeriesReader reader,
    SeriesShaper shaper,
    IModelFitter fitter,
    SchedulerLimits limits,
    Func<SeriesKey, (IReadOnlyList<TimeRange> Exclude, IReadOnlyList<TimeRange> Expected)> exclusions,
    SeriesTable table,
    SelectorReport report,
    ILogger logger)
{
    private const int MaxCatchUpsPerRun = 32;

    /// <summary>Fits the series due at <paramref name="nowMs"/> (unix milliseconds); returns how many got a model.</summary>
    public async Task<int> RunAsync(long nowMs, CancellationToken cancellationToken)
    {
        var due = table.DueCatchUps(nowMs, MaxCatchUpsPerRun);
        if (due.Count == 0)
        {
            return 0;
        }

        await limits.FitSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var caughtUp = 0;
        try
        {
            var grid = RunGrids.Fit(nowMs, shaper.StepMs, selector.Settings.FitWindow);
            foreach (var key in due)
            {
                if (await CatchUpOneAsync(key, grid, nowMs, cancellationToken).ConfigureAwait(false))
                {
                    caughtUp++;
                }
            }
        }
        finally
        {
            limits.FitSlots.Release();
        }

        return caughtUp;
    }

    private async Task<bool> CatchUpOneAsync(SeriesKey key, StepGrid grid, long now, CancellationToken cancellationToken)
    {
        var settings = selector.Settings;
        var retryMs = now + Math.Max((long)settings.InferEvery.TotalMilliseconds, 60_000);
        ShapedWindow window;
        try
        {
            var matchers = NarrowMatchers.For(selector.Matchers, selector.Shaping, key);
            window = await WindowReader.ReadAsync(
                reader, shaper, matchers, grid, limits.FitReadSlice, cancellationToken, limits.FitReadsInFlight,
                sliceSamples: limits.FitReadSliceSamples, longestSlice: SchedulerLimits.LongestFitReadSlice).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SchedulingLog.CatchUpReadFailed(logger, selector.Name, e);
            table.Defer(key, retryMs);
            return false;
        }

        using var held = window;
        var minHistoryMs = (long)settings.MinHistory.TotalMilliseconds;
        if (window.Extent(key) is not { } extent)
        {
            table.Defer(key, retryMs);
            return false;
        }

        if (extent.LastMs - extent.FirstMs + shaper.StepMs < minHistoryMs)
        {
            table.Defer(key, Math.Max(extent.FirstMs + minHistoryMs, now + shaper.StepMs));
            return false;
        }

        var (models, errors) = await WindowFitter.FitAsync(window, [key], fitter, settings.Model, exclusions, 1, cancellationToken).ConfigureAwait(false);
        if (errors[0] is { } error)
        {
            report.CatchUpFitError(key, error);
            table.Defer(key, retryMs);
            return false;
        }

        return table.CatchUp(key, models[0]!, extent.LastMs);
    }
}
