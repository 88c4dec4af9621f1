using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// One selector's self-metrics (label <c>selector</c>). Published at zero on creation; <see cref="Dispose"/> removes
/// them when the selector leaves the configuration. Thread-safe.
/// </summary>
public sealed class SelectorMetrics : IDisposable
{
    private readonly SelfMetrics _families;
    private readonly string _selector;
    private readonly Lazy<TuningMetrics> _tuning;

    internal SelectorMetrics(SelfMetrics families, string selector)
    {
        _families = families;
        _selector = selector;
        FitDuration = families.FitDuration.WithLabels(selector);
        InferenceDuration = families.InferenceDuration.WithLabels(selector);
        FitsSkipped = families.RunsSkipped.WithLabels(selector, "fit");
        InferencesSkipped = families.RunsSkipped.WithLabels(selector, "inference");
        Modelled = families.Series.WithLabels(selector, "modelled");
        WarmingUp = families.Series.WithLabels(selector, "warming_up");
        Dropped = families.SeriesDropped.WithLabels(selector);
        ModelErrors = families.ModelErrors.WithLabels(selector);
        StateLoadFailures = families.StateLoadFailures.WithLabels(selector);
        StateWriteFailures = families.StateWriteFailures.WithLabels(selector);
        SeriesNotOwned = families.SeriesNotOwned.WithLabels(selector);
        Modelled.Set(0);
        WarmingUp.Set(0);
        _tuning = new Lazy<TuningMetrics>(() => new TuningMetrics(families, selector), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The continuous-tuning children, created (at zero) at first use: only selectors that tune have them.</summary>
    public TuningMetrics Tuning => _tuning.Value;

    /// <summary>Fit run durations, seconds.</summary>
    public Histogram.Child FitDuration { get; }

    /// <summary>Inference run durations, seconds.</summary>
    public Histogram.Child InferenceDuration { get; }

    /// <summary>Fit runs skipped because the previous one was still going.</summary>
    public Counter.Child FitsSkipped { get; }

    /// <summary>Inference runs skipped because the previous one was still going.</summary>
    public Counter.Child InferencesSkipped { get; }

    /// <summary>Series with a fitted model.</summary>
    public Gauge.Child Modelled { get; }

    /// <summary>Series waiting for <c>min_history</c>.</summary>
    public Gauge.Child WarmingUp { get; }

    /// <summary>Series refused by <c>max_series</c>.</summary>
    public Counter.Child Dropped { get; }

    /// <summary>Per-series fit, prediction or scoring failures.</summary>
    public Counter.Child ModelErrors { get; }

    /// <summary>Series of the last read that another shard owns.</summary>
    public Gauge.Child SeriesNotOwned { get; }

    /// <summary>State files ignored at start.</summary>
    public Counter.Child StateLoadFailures { get; }

    /// <summary>State writes that failed.</summary>
    public Counter.Child StateWriteFailures { get; }

    /// <summary>Sets <c>sidecar_fit_sample_spacing_seconds</c>, or removes it when the window had no two samples of a series.</summary>
    public void SetSampleSpacing(double? seconds)
    {
        if (seconds is { } s)
        {
            _families.SampleSpacing.WithLabels(_selector).Set(s);
        }
        else
        {
            _families.SampleSpacing.RemoveLabelled(_selector);
        }
    }

    /// <summary>Sets <c>sidecar_last_successful_fit_timestamp_seconds</c>.</summary>
    public void SetLastSuccessfulFit(DateTimeOffset time) =>
        _families.LastSuccessfulFit.WithLabels(_selector).Set(time.ToUnixTimeMilliseconds() / 1000.0);

    /// <summary>Removes every child of this selector.</summary>
    public void Dispose()
    {
        _families.FitDuration.RemoveLabelled(_selector);
        _families.InferenceDuration.RemoveLabelled(_selector);
        _families.RunsSkipped.RemoveLabelled(_selector, "fit");
        _families.RunsSkipped.RemoveLabelled(_selector, "inference");
        _families.Series.RemoveLabelled(_selector, "modelled");
        _families.Series.RemoveLabelled(_selector, "warming_up");
        _families.SeriesDropped.RemoveLabelled(_selector);
        _families.ModelErrors.RemoveLabelled(_selector);
        _families.LastSuccessfulFit.RemoveLabelled(_selector);
        _families.SampleSpacing.RemoveLabelled(_selector);
        _families.StateLoadFailures.RemoveLabelled(_selector);
        _families.SeriesNotOwned.RemoveLabelled(_selector);
        _families.StateWriteFailures.RemoveLabelled(_selector);
        if (_tuning.IsValueCreated)
        {
            _tuning.Value.Dispose();
        }
    }
}
