using Sidecar.Exposition;
using Sidecar.Series;
using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// How one selector's runs tell what happened: its self-metrics and log lines for refused series, failed fits and
/// predictions, state files that could not be read or written, and the series counts. Thread-safe.
/// </summary>
internal sealed class SelectorReport(string selector, SelectorMetrics metrics, ILogger logger, int maxSeries)
{
    public void Refused(int count)
    {
        if (count > 0)
        {
            metrics.Dropped.Inc(count);
            SchedulingLog.SeriesDropped(logger, selector, maxSeries, count);
        }
    }

    public void FitErrors(IReadOnlyList<SeriesKey> candidates, Exception?[] errors)
    {
        var first = Array.FindIndex(errors, e => e is not null);
        if (first >= 0)
        {
            var failed = errors.Count(e => e is not null);
            metrics.ModelErrors.Inc(failed);
            SchedulingLog.FitErrors(logger, selector, failed, candidates[first].ToString(), errors[first]!);
        }
    }

    public void CatchUpFitError(SeriesKey key, Exception error)
    {
        metrics.ModelErrors.Inc();
        SchedulingLog.FitErrors(logger, selector, 1, key.ToString(), error);
    }

    public void Published((int Failed, SeriesKey Key, Exception? Error) outcome, (int Modelled, int WarmingUp) counts)
    {
        if (outcome.Error is not null)
        {
            metrics.ModelErrors.Inc(outcome.Failed);
            SchedulingLog.PredictErrors(logger, selector, outcome.Failed, outcome.Key.ToString(), outcome.Error);
        }

        Counts(counts);
    }

    /// <summary>
    /// Publishes how far apart the fit window's raw samples were, and warns when they were further apart than the
    /// lookback of a selector without a range function: most steps then see no sample, and few or no series are
    /// modelled with nothing else to say why.
    /// </summary>
    public void SampleSpacing(ShapedWindow window, Series.ShapingOptions shaping)
    {
        var spacingMs = window.RawSampleSpacingMs;
        metrics.SetSampleSpacing(spacingMs / 1000.0);
        if (spacingMs is { } ms && shaping.Function == Series.RangeFunction.None && ms > shaping.Lookback.TotalMilliseconds)
        {
            SchedulingLog.SparseSamples(logger, selector, Math.Round(ms / 1000.0), shaping.Lookback.TotalSeconds, window.RawSamples, window.Count);
        }
    }

    public void Counts((int Modelled, int WarmingUp) counts)
    {
        metrics.Modelled.Set(counts.Modelled);
        metrics.WarmingUp.Set(counts.WarmingUp);
    }

    public void SaveFailures(IReadOnlyList<Exception> failures)
    {
        foreach (var failure in failures)
        {
            metrics.StateWriteFailures.Inc();
            SchedulingLog.StateWriteFailed(logger, selector, failure);
        }
    }

    /// <summary>Counts and logs why <paramref name="restored"/> is not used, or which of its models did not decode; returns whether it is usable.</summary>
    public bool Restored(RestoredState restored)
    {
        var load = restored.Load;
        if (load.Status != StateLoadStatus.Loaded)
        {
            if (load.IsFailure)
            {
                metrics.StateLoadFailures.Inc();
                SchedulingLog.StateLoadFailed(logger, selector, load.Path, load.Status.ToString(), load.Reason ?? "");
            }
            else
            {
                SchedulingLog.NotRestored(logger, selector, load.Status.ToString(), load.Reason ?? "no state file");
            }

            return false;
        }

        if (restored.FirstError is { } error)
        {
            metrics.StateLoadFailures.Inc();
            SchedulingLog.ModelsUndecodable(logger, selector, restored.Undecodable, error);
        }

        return restored.IsUsable;
    }
}
