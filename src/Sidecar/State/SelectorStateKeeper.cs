using Sidecar.Models.Serialization;

namespace Sidecar.State;

/// <summary>
/// One selector's models on disk: encodes its modelled series into a <see cref="SelectorState"/> for the
/// <see cref="StateStore"/>, and decodes them back when the file was written under the same settings hash. Reports
/// failures as values, never throws them: the caller counts and logs. Thread-safe as the store is: one save at a time.
/// </summary>
/// <param name="store">The state files.</param>
/// <param name="selector">The selector whose state this keeps.</param>
/// <param name="acceptedHashes">
/// The settings its models are fitted under: the first is what a save records, and a file saved under none of them is
/// not restored (the others are earlier ways of hashing the same settings).
/// </param>
public sealed class SelectorStateKeeper(StateStore store, string selector, IReadOnlyList<string> acceptedHashes)
{
    /// <summary>Reads the saved models; a model that does not decode is counted and left out.</summary>
    public RestoredState Restore()
    {
        var result = store.Load(selector, acceptedHashes);
        if (result.Status != StateLoadStatus.Loaded)
        {
            return new RestoredState(result, [], 0, null);
        }

        var saved = result.State!.Series;
        var models = new List<ModelledSeries>(saved.Count);
        Exception? firstError = null;
        foreach (var series in saved)
        {
            try
            {
                models.Add(new(new(series.Labels, series.Metric), series.LastSeenMs, FittedModelCodec.Decode(series.Model)) { Tuning = series.Tuning });
            }
            catch (Exception e) when (e is ModelFormatException or ArgumentException)
            {
                firstError ??= e;
            }
        }

        return new RestoredState(result, models, saved.Count - models.Count, firstError);
    }

    /// <summary>
    /// Writes <paramref name="modelled"/>, fitted at <paramref name="fittedAtMs"/> (unix milliseconds), over the
    /// previous state. Returns the failures in order: a model that would not encode (left out), then the write itself
    /// (the old file stays).
    /// </summary>
    public IReadOnlyList<Exception> Save(IReadOnlyList<ModelledSeries> modelled, long fittedAtMs)
    {
        var failures = new List<Exception>();
        var saved = new List<SeriesState>(modelled.Count);
        foreach (var series in modelled)
        {
            try
            {
                saved.Add(new SeriesState(series.Key.Labels, series.Key.Metric, series.LastSeenMs, FittedModelCodec.Encode(series.Model)) { Tuning = series.Tuning });
            }
            catch (ArgumentException e)
            {
                failures.Add(e);
            }
        }

        try
        {
            store.Save(new SelectorState(selector, acceptedHashes[0], fittedAtMs, saved));
        }
        catch (StateStoreException e)
        {
            failures.Add(e);
        }

        return failures;
    }
}
