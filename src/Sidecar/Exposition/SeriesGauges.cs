using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// The output gauges of one modelled series and its model info. The prediction (<c>predicted</c> and its band) and the
/// observation (<c>value</c> and <c>anomaly_score</c>) are published and withdrawn separately, because a model predicts
/// any time while a score needs fresh data. The model info is published before anything else and withdrawn after
/// everything else, so a gauge never lacks it; a change of model switches it within the <see cref="ScrapeGate"/>, so no
/// scrape sees two or none. A family left out of <c>exposition.families</c> has no gauge (null) and is never set.
/// Dispose withdraws everything. Not thread-safe: one writer per series.
/// </summary>
public sealed class SeriesGauges : IDisposable
{
    private readonly string[] _labelNames;
    private readonly string[] _labelValues;
    private readonly int _modelIndex;
    private readonly Gauge? _info;
    private readonly ScrapeGate _gate;
    private readonly Gauge? _score;
    private readonly Gauge? _predicted;
    private readonly Gauge? _lower;
    private readonly Gauge? _upper;
    private readonly Gauge? _value;
    private string[]? _infoValues;
    private bool _hasPrediction;
    private bool _hasObservation;
    private bool _disposed;

    internal SeriesGauges(
        string[] labelNames, string[] labelValues, int modelIndex, Gauge? info, ScrapeGate gate, Gauge? score, Gauge? predicted, Gauge? lower, Gauge? upper, Gauge? value)
    {
        _labelNames = labelNames;
        _labelValues = labelValues;
        _modelIndex = modelIndex;
        _info = info;
        _gate = gate;
        _score = score;
        _predicted = predicted;
        _lower = lower;
        _upper = upper;
        _value = value;
    }

    /// <summary>Label names of the prediction families, sorted (without <c>__name__</c> and static labels such as <c>replica</c>).</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>The label name the model info adds (<c>model</c>) sorts before <c>LabelNames[ModelIndex]</c>.</summary>
    public int ModelIndex => _modelIndex;

    /// <summary>
    /// The latest step (unix milliseconds) whose outputs were handed to remote write, or <see cref="long.MinValue"/>:
    /// a step is written once, so a receiver never sees a duplicate or out-of-order sample of the series.
    /// </summary>
    public long LastWrittenMs { get; set; } = long.MinValue;

    /// <summary>Label values in the order of the families' label names (sorted by name).</summary>
    public IReadOnlyList<string> LabelValues => _labelValues;

    /// <summary>True while <c>value</c> and <c>anomaly_score</c> are published.</summary>
    public bool HasObservation => _hasObservation;

    /// <summary>The <c>model</c> label of the published model info; null before the first <see cref="SetModel"/>.</summary>
    public string? Model => _infoValues?[_modelIndex];

    /// <summary>
    /// Publishes the model info with <paramref name="model"/>, or switches it to <paramref name="model"/> atomically
    /// for scrapes (within the gate); the gauges keep their identity.
    /// </summary>
    public void SetModel(string model)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Model == model)
        {
            return;
        }

        string[] values = [.. _labelValues.Take(_modelIndex), model, .. _labelValues.Skip(_modelIndex)];
        var old = _infoValues;
        if (_info is not { } info)
        {
            // Not exposed: the model is still known, for remote write.
        }
        else if (old is null)
        {
            info.WithLabels(values).Set(1);
        }
        else
        {
            _gate.Run(() =>
            {
                info.RemoveLabelled(old);
                info.WithLabels(values).Set(1);
            });
        }

        _infoValues = values;
    }

    /// <summary>Publishes the prediction and its band.</summary>
    public void SetPrediction(double predicted, double lower, double upper)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _predicted?.WithLabels(_labelValues).Set(predicted);
        _lower?.WithLabels(_labelValues).Set(lower);
        _upper?.WithLabels(_labelValues).Set(upper);
        _hasPrediction = true;
    }

    /// <summary>Publishes the scored value and its anomaly score.</summary>
    public void SetObservation(double value, double score)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _value?.WithLabels(_labelValues).Set(value);
        _score?.WithLabels(_labelValues).Set(score);
        _hasObservation = true;
    }

    /// <summary>Withdraws <c>value</c> and <c>anomaly_score</c> (no fresh data to score); the prediction stays.</summary>
    public void ClearObservation()
    {
        if (_hasObservation)
        {
            _value?.RemoveLabelled(_labelValues);
            _score?.RemoveLabelled(_labelValues);
            _hasObservation = false;
        }
    }

    /// <summary>Withdraws every gauge of the series, then its model info.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        ClearObservation();
        if (_hasPrediction)
        {
            _predicted?.RemoveLabelled(_labelValues);
            _lower?.RemoveLabelled(_labelValues);
            _upper?.RemoveLabelled(_labelValues);
            _hasPrediction = false;
        }

        if (_infoValues is { } info)
        {
            _info?.RemoveLabelled(info);
            _infoValues = null;
        }

        _disposed = true;
    }
}
