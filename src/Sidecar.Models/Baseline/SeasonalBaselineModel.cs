using Sidecar.Models.Bands;
using Sidecar.Models.Features;

namespace Sidecar.Models.Baseline;

/// <summary>
/// A fitted robust seasonal baseline: the seasonal profile at the local time (null profile: a constant), a
/// robust linear trend, and the recent level of the residuals, with a calibrated band. Immutable; thread-safe.
/// </summary>
internal sealed class SeasonalBaselineModel : IFittedModel
{
    public SeasonalBaselineModel(ModelOptions options, string timeZone, SeasonalProfile? profile, BaselineTrend trend, double offset, Band band)
    {
        Options = options;
        TimeZone = timeZone;
        Profile = profile;
        Trend = trend;
        Offset = offset;
        Band = band;
    }

    /// <inheritdoc />
    public ModelKind Kind => ModelKind.SeasonalBaseline;

    /// <inheritdoc />
    public ModelOptions Options { get; }

    /// <summary>IANA zone of the profile's phase.</summary>
    public string TimeZone { get; }

    /// <summary>The cycle, or null when the history held none (the forecast is then the level alone).</summary>
    public SeasonalProfile? Profile { get; }

    /// <summary>The robust linear trend the profile was built around.</summary>
    public BaselineTrend Trend { get; }

    /// <summary>Level added to the profile (series units).</summary>
    public double Offset { get; }

    /// <inheritdoc/>
    public double LowerFloor => Band.Floor;

    /// <inheritdoc/>
    public (double Low, double High) SustainedLimits => (Band.SustainedLow, Band.SustainedHigh);

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
        var clock = LocalClock.For(TimeZone);
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            var local = clock.LocalSeconds(timestampsMs[i]);
            var p = (Profile?.At(local) ?? 0) + Trend.At(timestampsMs[i]) + Offset;
            predicted[i] = p;
            Band.Apply(p, local, out lower[i], out upper[i]);
        }
    }
}
