using Sidecar.Models;

namespace Sidecar.Scheduling;

/// <summary>
/// The model seam: prepares fitting on a time grid shared by all series of a selector (the expensive part that
/// depends only on the timestamps is done once), then fits series one by one. Tests use it to inject a model that
/// fails for one series. Implementations are thread-safe.
/// </summary>
public interface IModelFitter
{
    /// <summary>Prepares fits on <paramref name="timestampsMs"/> (unix ms, strictly increasing) with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The grid or the options are invalid.</exception>
    SeriesFit Prepare(long[] timestampsMs, ModelOptions options);
}
