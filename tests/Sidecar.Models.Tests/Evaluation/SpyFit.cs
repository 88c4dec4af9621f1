using System.Collections.Concurrent;

namespace Sidecar.Models.Tests.Evaluation;

/// <summary>
/// Test-only fitter that records every fit (the exact training points) and every prediction request, and predicts
/// the training mean with a band of ± <c>halfWidth</c>. Thread-safe.
/// </summary>
internal sealed class SpyFit(double halfWidth = 1.0)
{
    private readonly ConcurrentQueue<FitCall> _calls = new();

    public IReadOnlyList<FitCall> Calls => [.. _calls];

    public IFittedModel Fit(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ModelOptions options)
    {
        double mean = 0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var call = new FitCall(timestampsMs.ToArray(), values.ToArray(), options, mean, halfWidth);
        _calls.Enqueue(call);
        return call;
    }

    /// <summary>One recorded fit; also the model it produced, which records what it was asked to predict.</summary>
    internal sealed class FitCall(long[] trainTs, double[] trainValues, ModelOptions options, double mean, double halfWidth) : IFittedModel
    {
        private readonly ConcurrentQueue<long> _predicted = new();

        public long[] TrainTimestamps { get; } = trainTs;

        public double[] TrainValues { get; } = trainValues;

        public double Mean { get; } = mean;

        public IReadOnlyList<long> PredictedTimestamps => [.. _predicted];

        public ModelKind Kind => ModelKind.Ewma;

        public ModelOptions Options { get; } = options;

        public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
        {
            for (int i = 0; i < timestampsMs.Length; i++)
            {
                _predicted.Enqueue(timestampsMs[i]);
                predicted[i] = Mean;
                lower[i] = Mean - halfWidth;
                upper[i] = Mean + halfWidth;
            }
        }
    }
}
