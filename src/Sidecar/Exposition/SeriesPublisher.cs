using Sidecar.Models;
using Sidecar.Models.Scoring;
using Sidecar.Series;

namespace Sidecar.Exposition;

/// <summary>
/// Turns one selector's models into output gauges: a series' prediction for the evaluation step, and its value and
/// anomaly score while its latest value is fresh (no older than the staleness, milliseconds). Holds no series state:
/// the caller keeps each series' <see cref="SeriesGauges"/>. Thread-safe (the gauges passed in are not: one writer
/// per series).
/// </summary>
public sealed class SeriesPublisher
{
    private readonly string _selector;
    private readonly PredictionGauges _gauges;
    private readonly long _stalenessMs;

    /// <summary>Publishes for <paramref name="selector"/> into <paramref name="gauges"/>.</summary>
    /// <param name="selector">The selector's name, the selector label's value.</param>
    /// <param name="gauges">The output families.</param>
    /// <param name="stalenessMs">How old (milliseconds) a latest value may be and still be scored.</param>
    public SeriesPublisher(string selector, PredictionGauges gauges, long stalenessMs)
    {
        _selector = selector;
        _gauges = gauges;
        _stalenessMs = stalenessMs;
    }

    /// <summary>The unpublished gauges of <paramref name="key"/>, whatever its model.</summary>
    public SeriesGauges CreateGauges(SeriesKey key) =>
        _gauges.Create(_selector, key.Metric, key.Labels);

    /// <summary>
    /// What <paramref name="model"/> predicts at <paramref name="timestampsMs"/> (unix milliseconds), as the gauges show
    /// it: <c>predicted</c>, the lower edge raised to the model's floor (<see cref="IFittedModel.ShownLower"/>) and the
    /// upper edge, the band widened with the horizon (<see cref="IFittedModel.PredictAhead"/>; the present step's band
    /// is the gauges'). The remote-read forecast serves exactly these values.
    /// </summary>
    public static void Forecast(IFittedModel model, ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
    {
        model.PredictAhead(timestampsMs, predicted, lower, upper);
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            lower[i] = IFittedModel.ShownLower(model, predicted[i], lower[i]);
        }
    }

    /// <summary>
    /// Publishes <paramref name="model"/>'s family as the model info of <paramref name="target"/> (switching it when a
    /// refit changed the family), its prediction for <paramref name="evalMs"/> (unix milliseconds), and value and score
    /// where <paramref name="latest"/> is fresh; withdraws value and score where it is stale or missing.
    /// </summary>
    /// <exception cref="Exception">Whatever the model throws; <paramref name="target"/> may then be half set.</exception>
    public void Publish(SeriesGauges target, IFittedModel model, (long TimestampMs, double Value)? latest, long evalMs)
    {
        Span<long> timestamps = stackalloc long[2];
        Span<double> predicted = stackalloc double[2];
        Span<double> lower = stackalloc double[2];
        Span<double> upper = stackalloc double[2];
        var fresh = latest is { } l && l.TimestampMs >= evalMs - _stalenessMs;
        timestamps[0] = evalMs;
        timestamps[1] = fresh ? latest!.Value.TimestampMs : evalMs;
        model.Predict(timestamps, predicted, lower, upper);
        target.SetModel(ModelLabel.Of(model.Kind));
        target.SetPrediction(predicted[0], IFittedModel.ShownLower(model, predicted[0], lower[0]), upper[0]);
        if (fresh)
        {
            var value = latest!.Value.Value;
            target.SetObservation(value, AnomalyScore.Compute(value, predicted[1], lower[1], upper[1], model.Options));
        }
        else
        {
            target.ClearObservation();
        }
    }
}
