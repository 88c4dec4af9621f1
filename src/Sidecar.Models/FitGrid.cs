using Sidecar.Models.Auto;
using Sidecar.Models.Baseline;
using Sidecar.Models.Ewma;
using Sidecar.Models.Features;
using Sidecar.Models.Prophet;

namespace Sidecar.Models;

/// <summary>
/// A time grid shared by many series (all series of one selector), with everything about fitting that depends
/// only on the timestamps and the options computed once: for <see cref="ModelKind.Prophet"/> the design
/// matrix and XᵀX, so each series costs only its robust iterations. Gaps, NaN values and robust weights are
/// handled per series without changing the shared matrix. Build once per fit cycle, then call
/// <see cref="Fit"/> per series, from any number of threads. Timestamps are unix milliseconds.
/// </summary>
public sealed class FitGrid
{
    private readonly long[] _timestamps;
    private readonly bool[] _excluded;
    private readonly Lazy<ProphetGrid> _prophet;
    private double[]? _localSeconds;

    /// <summary>Prepares a grid. <paramref name="timestampsMs"/> must be non-empty and non-decreasing (repeated timestamps are separate observations).</summary>
    /// <exception cref="ArgumentException">Empty or unordered timestamps, or invalid options.</exception>
    public FitGrid(ReadOnlySpan<long> timestampsMs, ModelOptions options)
    {
        ModelGuards.CheckOptions(options);
        if (timestampsMs.IsEmpty)
        {
            throw new ArgumentException("a fit needs at least one timestamp", nameof(timestampsMs));
        }

        ModelGuards.CheckIncreasing(timestampsMs);
        Options = options;
        _timestamps = timestampsMs.ToArray();
        StepMs = MedianStep(_timestamps);
        _excluded = new bool[_timestamps.Length];
        foreach (var range in options.Exclude)
        {
            for (var i = 0; i < _timestamps.Length; i++)
            {
                _excluded[i] |= range.Contains(_timestamps[i]);
            }
        }

        _prophet = new Lazy<ProphetGrid>(() => new ProphetGrid(_timestamps, StepMs, Options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The options every fit on this grid uses.</summary>
    public ModelOptions Options { get; }

    /// <summary>Number of timestamps.</summary>
    public int Count => _timestamps.Length;

    /// <summary>Median spacing of the timestamps in milliseconds (0 for a single point).</summary>
    public double StepMs { get; }

    /// <summary>Timestamps of the grid (unix ms).</summary>
    public ReadOnlySpan<long> TimestampsMs => _timestamps;

    /// <summary>Fits one series on this grid. <paramref name="values"/>: one per timestamp, NaN = missing.</summary>
    public IFittedModel Fit(ReadOnlySpan<double> values)
    {
        if (values.Length != _timestamps.Length)
        {
            throw new ArgumentException($"expected {_timestamps.Length} values, got {values.Length}", nameof(values));
        }

        if (!HasUsableValue(values))
        {
            // nothing to learn from: a model that predicts nothing (scores stay 0)
            return EwmaFitter.Fit(_timestamps, values, Options, _excluded);
        }

        var kind = Options.Kind == ModelKind.Auto ? AutoSelector.Choose(this, values, () => _prophet.Value, _excluded) : Options.Kind;
        return Fit(kind, values);
    }

    internal IFittedModel Fit(ModelKind kind, ReadOnlySpan<double> values) => kind switch
    {
        ModelKind.Prophet when _timestamps.Length >= 2 => ProphetFitter.Fit(_prophet.Value, values, _excluded, Options),
        ModelKind.SeasonalBaseline => SeasonalBaselineFitter.Fit(_timestamps, values, StepMs, LocalSeconds, _excluded, Options),
        _ => EwmaFitter.Fit(_timestamps, values, Options, _excluded),
    };

    /// <summary>Local wall-clock seconds of each timestamp in the options' time zone (computed once).</summary>
    internal double[] LocalSeconds => LazyInitializer.EnsureInitialized(ref _localSeconds, () =>
    {
        var clock = LocalClock.For(Options.TimeZone);
        return Array.ConvertAll(_timestamps, clock.LocalSeconds);
    });

    private bool HasUsableValue(ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]) && !_excluded[i])
            {
                return true;
            }
        }

        return false;
    }

    private static double MedianStep(long[] ts)
    {
        if (ts.Length < 2)
        {
            return 0;
        }

        var diffs = new double[ts.Length - 1];
        for (var i = 1; i < ts.Length; i++)
        {
            diffs[i - 1] = ts[i] - ts[i - 1];
        }

        return Fitting.RobustStats.Median(diffs);
    }
}
