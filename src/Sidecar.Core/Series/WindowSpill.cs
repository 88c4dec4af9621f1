namespace Sidecar.Series;

/// <summary>
/// Where a fit window's values go once they outgrow <see cref="MemoryBytes"/>: a file of its own under
/// <see cref="Directory"/>, deleted with the window. Immutable.
/// </summary>
/// <param name="Directory">The directory for spill files (created when needed).</param>
/// <param name="MemoryBytes">The most bytes of values a window keeps on the heap (4 per series and step).</param>
public sealed record WindowSpill(string Directory, long MemoryBytes);
