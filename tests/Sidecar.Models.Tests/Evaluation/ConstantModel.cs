namespace Sidecar.Models.Tests.Evaluation;

/// <summary>Test-only fitted model: a fixed prediction and band, whatever the timestamp.</summary>
internal sealed class ConstantModel(double predicted, double lower, double upper, ModelOptions options) : IFittedModel
{
    public ModelKind Kind => ModelKind.Ewma;

    public ModelOptions Options { get; } = options;

    public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted1, Span<double> lower1, Span<double> upper1)
    {
        predicted1[..timestampsMs.Length].Fill(predicted);
        lower1[..timestampsMs.Length].Fill(lower);
        upper1[..timestampsMs.Length].Fill(upper);
    }
}
