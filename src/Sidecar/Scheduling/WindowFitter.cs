using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// Fits many series of one window on its shared grid, in parallel, each in isolation: a series that throws gets its
/// exception recorded and the others carry on. Thread-safe (stateless).
/// </summary>
internal static class WindowFitter
{
    public static (IFittedModel?[] Models, Exception?[] Errors) Fit(
        ShapedWindow window, IReadOnlyList<SeriesKey> keys, IModelFitter fitter, ModelOptions options, int parallelism, CancellationToken cancellationToken)
    {
        var models = new IFittedModel?[keys.Count];
        var errors = new Exception?[keys.Count];
        if (keys.Count == 0)
        {
            return (models, errors);
        }

        var timestamps = new long[window.Grid.Count];
        for (var i = 0; i < timestamps.Length; i++)
        {
            timestamps[i] = window.Grid.TimestampMs(i);
        }

        SeriesFit fit;
        try
        {
            fit = fitter.Prepare(timestamps, options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Array.Fill(errors, e);
            return (models, errors);
        }

        Parallel.For(
            0,
            keys.Count,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            () => new double[timestamps.Length],
            (i, _, buffer) =>
            {
                try
                {
                    window.CopyValues(keys[i], buffer);
                    models[i] = fit(buffer);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    errors[i] = e;
                }

                return buffer;
            },
            static _ => { });
        return (models, errors);
    }
}
