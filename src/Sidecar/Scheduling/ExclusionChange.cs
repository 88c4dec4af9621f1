using Sidecar.State;

namespace Sidecar.Scheduling;

/// <summary>
/// The outcome of adding an exclusion: the exclusion added, or why not: <see cref="BadData"/> when the request was
/// wrong (HTTP 400), otherwise the state could not be written (HTTP 500). Immutable.
/// </summary>
public sealed record ExclusionChange(Exclusion? Exclusion, string? Error, bool BadData)
{
    /// <summary>A refused request.</summary>
    public static ExclusionChange Bad(string error) => new(null, error, true);
}
