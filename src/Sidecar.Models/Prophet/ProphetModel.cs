using Sidecar.Models.Bands;
using Sidecar.Models.Features;

namespace Sidecar.Models.Prophet;

/// <summary>
/// A fitted Prophet-style model: trend + seasonalities + holidays (additive, or multiplied by a trend in
/// multiplicative mode), plus a recent level correction, with a calibrated band. Beyond the fitted history the
/// trend's final slope is damped (it fades with a one-day time constant), so a forecast never runs away.
/// Immutable; thread-safe.
/// </summary>
internal sealed class ProphetModel : IFittedModel
{
    /// <summary>Time constant of slope damping beyond the history, in milliseconds.</summary>
    public const double SlopeDampingMs = 86400e3;

    public ProphetModel(ModelOptions options, FeatureSpec spec, double[] beta, double[]? trendForSeasonality, double yScale, double offset, Band band)
    {
        Options = options;
        Spec = spec;
        Beta = beta;
        TrendForSeasonality = trendForSeasonality;
        YScale = yScale;
        Offset = offset;
        Band = band;
    }

    /// <inheritdoc />
    public ModelKind Kind => ModelKind.Prophet;

    /// <inheritdoc />
    public ModelOptions Options { get; }

    public FeatureSpec Spec { get; }

    /// <summary>Coefficients per design column, in units of <see cref="YScale"/>.</summary>
    public double[] Beta { get; }

    /// <summary>Multiplicative mode: trend coefficients whose trend multiplies the seasonal terms; null when additive.</summary>
    public double[]? TrendForSeasonality { get; }

    /// <summary>Scale of the series (max |y| of the history).</summary>
    public double YScale { get; }

    /// <summary>Level correction added to every prediction (series units).</summary>
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
        var clock = LocalClock.For(Spec.TimeZone);
        var row = new double[Spec.Columns];
        var state = new FeatureSpec.RowState();
        var first = Spec.TrendColumns;
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            var ts = timestampsMs[i];
            Spec.FillRow(clock, ts, row, ref state);
            double seasonal = 0;
            for (var c = first; c < row.Length; c++)
            {
                seasonal += row[c] * Beta[c];
            }

            var t = Spec.ScaledTime(ts);
            var trend = Trend(Beta, t);
            var value = TrendForSeasonality is null ? trend + seasonal : trend + (Trend(TrendForSeasonality, t) * seasonal);
            var p = (value * YScale) + Offset;
            predicted[i] = p;
            Band.Apply(p, clock.LocalSeconds(ts), out lower[i], out upper[i]);
        }
    }

    /// <summary>Trend at scaled time <paramref name="t"/>; beyond the history (t &gt; 1) the last slope is damped.</summary>
    internal double Trend(ReadOnlySpan<double> beta, double t)
    {
        if (Spec.FlatTrend)
        {
            return beta[0];
        }

        var tc = Math.Min(t, 1.0);
        var value = beta[0] + (beta[1] * tc);
        var slope = beta[1];
        var cps = Spec.Changepoints;
        for (var j = 0; j < cps.Length; j++)
        {
            if (tc > cps[j])
            {
                value += beta[2 + j] * (tc - cps[j]);
                slope += beta[2 + j];
            }
        }

        if (t > 1.0)
        {
            var tau = SlopeDampingMs / Spec.SpanMs;
            value += slope * tau * (1 - Math.Exp(-(t - 1.0) / tau));
        }

        return value;
    }
}
