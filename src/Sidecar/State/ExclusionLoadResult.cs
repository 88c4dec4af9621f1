namespace Sidecar.State;

/// <summary>
/// What reading the exclusions file gave: the exclusions (empty when the file is missing or bad) and, when it was
/// bad, why and where the bad file was moved so that nothing is lost.
/// </summary>
public sealed record ExclusionLoadResult(IReadOnlyList<Exclusion> Exclusions, string Path, string? Error, string? MovedTo);
