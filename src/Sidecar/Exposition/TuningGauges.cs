using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// What continuous tuning chose for one series, on <c>/metrics</c>: the info metric
/// <c>sidecar_series_tuning_info{series labels, PARAM="value"...} 1</c> (one label per grid key; none while the
/// selector's own <c>model:</c> settings, not a grid combination, are in use: PromQL reads them as empty values) and <c>sidecar_series_tuning_cv_error{series labels,
/// cv_metric, candidate="in_use"|"winner"|"runner_up"}</c>. The series labels are those of the series' output
/// gauges; a grid key or label of ours that collides with one of them gets the prefix <c>tuning_</c>. A change of
/// parameters switches the info series within the <see cref="ScrapeGate"/>, so no scrape sees two or none. Dispose
/// withdraws everything. Not thread-safe: one writer per series.
/// </summary>
public sealed class TuningGauges : IDisposable
{
    /// <summary>Name of the info metric.</summary>
    public const string InfoName = "sidecar_series_tuning_info";

    /// <summary>Name of the cross-validation error gauge.</summary>
    public const string ErrorName = "sidecar_series_tuning_cv_error";

    private static readonly string[] Candidates = ["in_use", "winner", "runner_up"];

    private readonly IMetricFactory _metrics;
    private readonly ScrapeGate _gate;
    private readonly string[] _seriesNames;
    private readonly string[] _seriesValues;
    private Gauge? _info;
    private string[]? _infoValues;
    private Gauge? _error;
    private string? _errorMetric;
    private bool _disposed;

    internal TuningGauges(IMetricFactory metrics, ScrapeGate gate, IReadOnlyList<string> seriesNames, IReadOnlyList<string> seriesValues)
    {
        _metrics = metrics;
        _gate = gate;
        _seriesNames = [.. seriesNames];
        _seriesValues = [.. seriesValues];
    }

    /// <summary>The values of the info series published (series values, then one per grid key), or null.</summary>
    public IReadOnlyList<string>? InfoValues => _infoValues;

    /// <summary>
    /// Publishes <paramref name="settings"/> (grid key and value text, in grid order; values empty while the
    /// selector's own settings are in use) and the errors in <paramref name="metric"/> (NaN: not published).
    /// </summary>
    public void Show(IReadOnlyList<KeyValuePair<string, string>> settings, string metric, double inUse, double winner, double runnerUp)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var names = new List<string>(_seriesNames);
        foreach (var (key, _) in settings)
        {
            names.Add(Free(names, key));
        }

        string[] values = [.. _seriesValues, .. settings.Select(s => s.Value)];
        if (_infoValues is null || !_infoValues.AsSpan().SequenceEqual(values) || _info is null || _info.LabelNames.Length != names.Count)
        {
            var info = _metrics.CreateGauge(InfoName, "Grid parameters continuous tuning has in use for the series with the same other labels (empty: the selector's own model settings); 1 while the series is published.",
                new GaugeConfiguration { LabelNames = [.. names], SuppressInitialValue = true });
            var oldInfo = _info;
            var oldValues = _infoValues;
            _gate.Run(() =>
            {
                if (oldValues is not null)
                {
                    oldInfo?.RemoveLabelled(oldValues);
                }

                info.WithLabels(values).Set(1);
            });
            _info = info;
            _infoValues = values;
        }

        var errorNames = new List<string>(_seriesNames);
        var metricLabel = Free(errorNames, "cv_metric");
        errorNames.Add(metricLabel);
        errorNames.Add(Free(errorNames, "candidate"));
        if (_error is not null && _errorMetric != metric)
        {
            RemoveErrors();
        }

        _error ??= _metrics.CreateGauge(ErrorName, "Cross-validation error (in cv_metric) at the series' last tuning: of the parameters in use, of the best combination and of the second best.",
            new GaugeConfiguration { LabelNames = [.. errorNames], SuppressInitialValue = true });
        _errorMetric = metric;
        double[] errors = [inUse, winner, runnerUp];
        for (var i = 0; i < Candidates.Length; i++)
        {
            string[] labels = [.. _seriesValues, metric, Candidates[i]];
            if (double.IsFinite(errors[i]))
            {
                _error.WithLabels(labels).Set(errors[i]);
            }
            else
            {
                _error.RemoveLabelled(labels);
            }
        }
    }

    /// <summary>Withdraws the info and the errors.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        RemoveErrors();
        if (_infoValues is { } values)
        {
            _info?.RemoveLabelled(values);
        }

        _disposed = true;
    }

    private void RemoveErrors()
    {
        if (_error is { } error && _errorMetric is { } metric)
        {
            foreach (var candidate in Candidates)
            {
                error.RemoveLabelled([.. _seriesValues, metric, candidate]);
            }
        }
    }

    private static string Free(List<string> taken, string name)
    {
        while (taken.Contains(name))
        {
            name = "tuning_" + name;
        }

        return name;
    }
}
