using Prometheus;
using Sidecar.Config;
using Sidecar.RemoteRead;

namespace Sidecar.Exposition;

/// <summary>
/// The model output families on <c>/metrics</c> (<c>anomaly_score</c>, <c>predicted</c>, <c>predicted_lower</c>,
/// <c>predicted_upper</c>, <c>value</c>, or the vmanomaly names of <see cref="OutputFamilyNames.Vmanomaly"/>). Every family carries HELP and TYPE and no sample
/// timestamps. Series of different label names share a family, as Prometheus allows. The model family is not part of
/// a series' identity (it may change at a refit, which would reset alert timers and break graphs): it is the
/// <c>model</c> label of the info metric <see cref="OutputFamilyNames.ModelInfo"/>, whose other labels are the
/// gauges'. Thread-safe.
/// </summary>
public sealed class PredictionGauges
{
    private const string ExportedPrefix = "exported_";

    private readonly IMetricFactory _metrics;
    private readonly string[] _staticLabels;
    private readonly ScrapeGate _gate;
    private readonly HashSet<OutputFamily> _exposed;

    /// <summary>
    /// Creates the families, named by <paramref name="names"/>, in the registry behind <paramref name="metrics"/>;
    /// <paramref name="gate"/> is the one <c>/metrics</c> collects in (a model switch is atomic only to scrapes in it).
    /// The static labels (on every family, such as <c>replica</c>) are named by <paramref name="staticLabels"/>. Only the
    /// families in <paramref name="exposed"/> (default all) get gauges on <c>/metrics</c>.
    /// </summary>
    public PredictionGauges(
        IMetricFactory metrics, OutputFamilyNames names, ScrapeGate gate, IReadOnlyList<string>? staticLabels = null, IReadOnlyList<OutputFamily>? exposed = null)
    {
        _exposed = [.. exposed ?? ExpositionConfig.AllFamilies];
        Exposed = [.. _exposed.Order()];
        _metrics = metrics;
        _staticLabels = staticLabels?.ToArray() ?? [];
        Names = names;
        _gate = gate;
    }

    /// <summary>The families exposed on <c>/metrics</c>, in enum order.</summary>
    public IReadOnlyList<OutputFamily> Exposed { get; }

    /// <summary>The metric and label names in use.</summary>
    public OutputFamilyNames Names { get; }

    /// <summary>
    /// The gauges of one modelled series, unpublished until set. Output labels are <paramref name="labels"/> without
    /// <c>__name__</c>, plus <c>metric</c> and the selector label; a series label that collides with one of those,
    /// with <c>model</c> (the info metric's) or with a static label is kept as <c>exported_NAME</c>, as Prometheus does
    /// on a scrape conflict.
    /// </summary>
    public SeriesGauges Create(string selector, string metric, LabelSet labels)
    {
        string[] reserved = [OutputFamilyNames.MetricLabel, OutputFamilyNames.ModelLabel, Names.SelectorLabel, .. _staticLabels];
        var pairs = new List<KeyValuePair<string, string>>(labels.Count + 3);
        foreach (var label in labels)
        {
            if (label.Name == LabelSet.MetricName)
            {
                continue;
            }

            var name = label.Name;
            while (Array.IndexOf(reserved, name) >= 0 || pairs.Exists(p => p.Key == name))
            {
                name = ExportedPrefix + name;
            }

            pairs.Add(new(name, label.Value));
        }

        pairs.Add(new(OutputFamilyNames.MetricLabel, metric));
        pairs.Add(new(Names.SelectorLabel, selector));
        pairs.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var names = pairs.Select(p => p.Key).ToArray();
        var values = pairs.Select(p => p.Value).ToArray();
        var modelIndex = ~Array.BinarySearch(names, OutputFamilyNames.ModelLabel, StringComparer.Ordinal);
        var infoNames = names.Take(modelIndex).Append(OutputFamilyNames.ModelLabel).Concat(names.Skip(modelIndex)).ToArray();
        return new SeriesGauges(
            names,
            values,
            modelIndex,
            Gauge(OutputFamily.ModelInfo, OutputFamilyNames.ModelInfo, "Model family (label model) that produces the outputs of the series with the same other labels; 1 while the series is published.", infoNames),
            _gate,
            Gauge(OutputFamily.AnomalyScore, Names.AnomalyScore, "Deviation of the latest value from predicted: 0 at predicted, 1 at the band edge on that side, above 1 outside the band.", names),
            Gauge(OutputFamily.Predicted, Names.Predicted, "Value the fitted model expects at the latest step.", names),
            Gauge(OutputFamily.PredictedLower, Names.PredictedLower, "Lower edge of the predicted band at the latest step.", names),
            Gauge(OutputFamily.PredictedUpper, Names.PredictedUpper, "Upper edge of the predicted band at the latest step.", names),
            Gauge(OutputFamily.Value, Names.Value, "Latest value of the series after the selector's shaping (function, aggregation), the one scored.", names));
    }

    /// <summary>The (unpublished) tuning gauges of the series whose output gauges are <paramref name="series"/>.</summary>
    public TuningGauges CreateTuning(SeriesGauges series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new TuningGauges(_metrics, _gate, series.LabelNames, series.LabelValues);
    }

    private Gauge? Gauge(OutputFamily family, string name, string help, string[] labelNames) =>
        !_exposed.Contains(family) ? null : _metrics.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labelNames, SuppressInitialValue = true });
}
