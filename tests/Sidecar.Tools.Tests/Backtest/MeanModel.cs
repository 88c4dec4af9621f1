using Sidecar.Models;

namespace Sidecar.Tools.Tests.Backtest;

/// <summary>Test-only model: the training mean with a band of ± 3 standard deviations (at least ± 1e-9).</summary>
internal sealed class MeanModel(double mean, double halfWidth, ModelOptions options) : IFittedModel
{
    public ModelKind Kind => ModelKind.Ewma;

    public ModelOptions Options { get; } = options;

    public static IFittedModel Fit(ReadOnlySpan<long> ts, ReadOnlySpan<double> values, ModelOptions options)
    {
        double mean = 0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double ss = 0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return new MeanModel(mean, Math.Max(3 * Math.Sqrt(ss / values.Length), 1e-9), options);
    }

    public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
    {
        predicted[..timestampsMs.Length].Fill(mean);
        lower[..timestampsMs.Length].Fill(mean - halfWidth);
        upper[..timestampsMs.Length].Fill(mean + halfWidth);
    }
}
