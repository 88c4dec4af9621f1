using Sidecar.Models.Bands;

namespace Sidecar.Models.Ewma;

/// <summary>
/// A fitted non-seasonal model: a flat forecast at the robust EWMA level reached at the end of the history,
/// with a band from the standardised forecast errors. Immutable; thread-safe.
/// </summary>
internal sealed class EwmaModel : IFittedModel
{
    public EwmaModel(ModelOptions options, double level, Band band)
    {
        Options = options;
        Level = level;
        Band = band;
    }

    /// <inheritdoc />
    public ModelKind Kind => ModelKind.Ewma;

    /// <inheritdoc />
    public ModelOptions Options { get; }

    /// <summary>The level forecast for every future timestamp.</summary>
    public double Level { get; }

    /// <inheritdoc/>
    public double LowerFloor => Band.Floor;

    /// <inheritdoc/>
    public (double Low, double High) SustainedLimits => (Band.SustainedLow, Band.SustainedHigh);

    /// <summary>The band around the level.</summary>
    public Band Band { get; }

    /// <inheritdoc />
    public void PredictAhead(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
    {
        Predict(timestampsMs, predicted, lower, upper);
        Band.Widen(timestampsMs, predicted, lower, upper);
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
    {
        ModelGuards.CheckPredictSpans(timestampsMs, predicted, lower, upper);
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            predicted[i] = Level;
            Band.Apply(Level, 0, out lower[i], out upper[i]);
        }
    }
}
