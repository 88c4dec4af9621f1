using Sidecar.Models;
using Sidecar.Models.Scoring;
using Sidecar.Series;

namespace Sidecar.Exposition;

/// <summary>
/// Turns one selector's models into output gauges: a series' prediction for the evaluation step, and its value and
/// anomaly score while its latest value is fresh (no older than the staleness, milliseconds). Holds no series state:
/// the caller keeps each series' <see cref="SeriesGauges"/>. Each step's outputs also go to the <see cref="RemoteWriteOutput"/>, if any. Thread-safe (the gauges passed in are not: one writer
/// per series).
/// </summary>
public sealed class SeriesPublisher
{
    private readonly string _selector;
    private readonly PredictionGauges _gauges;
    private readonly long _stalenessMs;
    private readonly RemoteWriteOutput? _output;

    /// <summary>Publishes for <paramref name="selector"/> into <paramref name="gauges"/>.</summary>
    /// <param name="selector">The selector's name, the selector label's value.</param>
    /// <param name="gauges">The output families.</param>
    /// <param name="stalenessMs">How old (milliseconds) a latest value may be and still be scored.</param>
    /// <param name="output">Where each step's outputs are also written (remote write), or null.</param>
    public SeriesPublisher(string selector, PredictionGauges gauges, long stalenessMs, RemoteWriteOutput? output = null)
    {
        _output = output;
        _selector = selector;
        _gauges = gauges;
        _stalenessMs = stalenessMs;
    }

    /// <summary>The unpublished gauges of <paramref name="key"/>, whatever its model.</summary>
    public SeriesGauges CreateGauges(SeriesKey key) =>
        _gauges.Create(_selector, key.Metric, key.Labels);

    /// <summary>The unpublished tuning gauges of the series whose output gauges are <paramref name="series"/>.</summary>
    public TuningGauges CreateTuningGauges(SeriesGauges series) => _gauges.CreateTuning(series);

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
    /// where the latest of the recent points is fresh; withdraws value and score where it is stale or missing.
    /// </summary>
    /// <param name="target">The series' gauges.</param>
    /// <param name="model">The series' model.</param>
    /// <param name="recentTimestampsMs">The series' observed points of the sustained window, oldest first, the latest last (may be empty).</param>
    /// <param name="recentValues">Their values.</param>
    /// <param name="evalMs">The evaluation step (unix milliseconds).</param>
    /// <returns>The anomaly score published, or null when the latest value is stale or missing.</returns>
    /// <exception cref="Exception">Whatever the model throws; <paramref name="target"/> may then be half set.</exception>
    public double? Publish(SeriesGauges target, IFittedModel model, ReadOnlySpan<long> recentTimestampsMs, ReadOnlySpan<double> recentValues, long evalMs)
    {
        Span<long> now = stackalloc long[1];
        Span<double> predicted = stackalloc double[1];
        Span<double> lower = stackalloc double[1];
        Span<double> upper = stackalloc double[1];
        now[0] = evalMs;
        model.Predict(now, predicted, lower, upper);
        target.SetModel(ModelLabel.Of(model.Kind));
        var shownLower = IFittedModel.ShownLower(model, predicted[0], lower[0]);
        target.SetPrediction(predicted[0], shownLower, upper[0]);
        (double Value, double Score)? observation = null;
        var n = recentTimestampsMs.Length;
        if (n > 0 && recentTimestampsMs[n - 1] >= evalMs - _stalenessMs)
        {
            observation = (recentValues[n - 1], Score(model, recentTimestampsMs, recentValues));
            target.SetObservation(observation.Value.Value, observation.Value.Score);
        }
        else
        {
            target.ClearObservation();
        }

        _output?.Write(target, evalMs, predicted[0], shownLower, upper[0], observation);
        return observation?.Score;
    }

    /// <summary>
    /// The anomaly score of the last of <paramref name="timestampsMs"/>: the larger of its point score and the
    /// sustained-deviation score of the points within the model's sustained window before it
    /// (<see cref="AnomalyScore.Sustained"/>), each predicted by <paramref name="model"/>, as the backtest replays it.
    /// </summary>
    public static double Score(IFittedModel model, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values)
    {
        var n = timestampsMs.Length;
        var windowMs = AnomalyScore.SustainedWindowMs(model.Options);
        var from = AnomalyScore.SustainedWindowStart(timestampsMs, n - 1, windowMs);

        var count = n - from;
        var buffer = count <= 128 ? stackalloc double[4 * count] : new double[4 * count];
        var predicted = buffer[..count];
        var lower = buffer.Slice(count, count);
        var upper = buffer.Slice(2 * count, count);
        var signed = buffer.Slice(3 * count, count);
        model.Predict(timestampsMs[from..], predicted, lower, upper);
        var value = values[n - 1];
        var point = AnomalyScore.Compute(value, predicted[^1], lower[^1], upper[^1], model.Options);
        if (windowMs <= 0 || count < 3)
        {
            return point;
        }

        for (var i = 0; i < count; i++)
        {
            signed[i] = AnomalyScore.Signed(values[from + i], predicted[i], lower[i], upper[i], model.Options);
        }

        return Math.Max(point, AnomalyScore.Sustained(signed, model.SustainedLimits));
    }
}
