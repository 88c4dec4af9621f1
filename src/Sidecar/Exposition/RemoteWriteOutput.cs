using Sidecar.Config;
using Sidecar.RemoteRead;

namespace Sidecar.Exposition;

/// <summary>
/// The model outputs of each step, as samples for the <c>remote_write</c> queues: per series and family one sample at
/// the step's timestamp, named by <c>output_naming</c>, with the labels of the <c>/metrics</c> gauges plus the static
/// ones (<c>replica</c>). Each queue gets the families it asked for, whether <c>/metrics</c> exposes them or not. A
/// series' step is written once (the first publication of it), so the receiver never sees a duplicate or an
/// out-of-order sample. Thread-safe (the gauges passed in are not: one writer per series).
/// </summary>
public sealed class RemoteWriteOutput
{
    private readonly OutputFamilyNames _names;
    private readonly Label[] _staticLabels;
    private readonly IReadOnlyList<RemoteWriteQueue> _queues;

    /// <summary>Writes into <paramref name="queues"/>, with metric names <paramref name="names"/> and <paramref name="staticLabels"/> on every sample.</summary>
    public RemoteWriteOutput(IReadOnlyList<RemoteWriteQueue> queues, OutputFamilyNames names, IReadOnlyList<Label>? staticLabels = null)
    {
        _queues = queues;
        _names = names;
        _staticLabels = staticLabels?.ToArray() ?? [];
    }

    /// <summary>The queues written to.</summary>
    public IReadOnlyList<RemoteWriteQueue> Queues => _queues;

    /// <summary>
    /// Queues the outputs of <paramref name="target"/> at <paramref name="evalMs"/> (unix milliseconds): the prediction
    /// and band, and the value and score when <paramref name="observation"/> is given; nothing when that step or a later
    /// one was already written.
    /// </summary>
    public void Write(SeriesGauges target, long evalMs, double predicted, double lower, double upper, (double Value, double Score)? observation)
    {
        if (_queues.Count == 0 || evalMs <= target.LastWrittenMs)
        {
            return;
        }

        target.LastWrittenMs = evalMs;
        var labels = new List<Label>(target.LabelNames.Count + _staticLabels.Length + 2);
        for (var i = 0; i < target.LabelNames.Count; i++)
        {
            labels.Add(new Label(target.LabelNames[i], target.LabelValues[i]));
        }

        labels.AddRange(_staticLabels);
        foreach (var queue in _queues)
        {
            var samples = new List<TimeSeries>(queue.Config.Families.Count);
            foreach (var family in queue.Config.Families)
            {
                var (name, value) = family switch
                {
                    OutputFamily.AnomalyScore => (_names.AnomalyScore, observation?.Score),
                    OutputFamily.Predicted => (_names.Predicted, predicted),
                    OutputFamily.PredictedLower => (_names.PredictedLower, lower),
                    OutputFamily.PredictedUpper => (_names.PredictedUpper, upper),
                    OutputFamily.Value => (_names.Value, observation?.Value),
                    OutputFamily.ModelInfo => (OutputFamilyNames.ModelInfo, target.Model is null ? null : 1.0),
                    _ => (null, (double?)null),
                };
                if (name is null || value is not { } v)
                {
                    continue;
                }

                IEnumerable<Label> set = family == OutputFamily.ModelInfo
                    ? [.. labels, new Label(OutputFamilyNames.ModelLabel, target.Model!)]
                    : labels;
                samples.Add(new TimeSeries(LabelSet.From([.. set, new Label(LabelSet.MetricName, name)]), [evalMs], [v]));
            }

            queue.Enqueue(samples);
        }
    }
}
