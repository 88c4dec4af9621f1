namespace Sidecar.Models;

/// <summary>Argument checks shared by the public entry points.</summary>
internal static class ModelGuards
{
    public static void CheckPredictSpans(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
    {
        if (predicted.Length < timestampsMs.Length || lower.Length < timestampsMs.Length || upper.Length < timestampsMs.Length)
        {
            throw new ArgumentException($"output spans must hold {timestampsMs.Length} values (got {predicted.Length}, {lower.Length}, {upper.Length})");
        }
    }

    public static void CheckIncreasing(ReadOnlySpan<long> timestampsMs)
    {
        for (var i = 1; i < timestampsMs.Length; i++)
        {
            if (timestampsMs[i] < timestampsMs[i - 1])
            {
                throw new ArgumentException($"timestamps must not decrease (index {i}: {timestampsMs[i]} after {timestampsMs[i - 1]})");
            }
        }
    }

    public static void CheckOptions(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.IntervalWidth > 0 && options.IntervalWidth < 1))
        {
            throw new ArgumentException($"interval_width must be in (0, 1), got {options.IntervalWidth}");
        }
    }
}
