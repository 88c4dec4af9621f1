using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// Bounds shared by every selector: how many fit runs (read a whole window, fit every series) may go at once, and
/// how many threads one fit run uses. Fits are CPU-bound, so running two selectors' fits side by side gains nothing
/// and doubles the memory of the windows held; by default one fit runs at a time, on every core. Thread-safe.
/// </summary>
public sealed class SchedulerLimits : IDisposable
{
    /// <summary>Creates the limits.</summary>
    public SchedulerLimits(int concurrentFits = 1, int? fitParallelism = null, TimeSpan? fitReadSlice = null, int fitReadsInFlight = 1, WindowSpill? fitSpill = null)
    {
        FitSpill = fitSpill;
        FitReadSlice = fitReadSlice ?? TimeSpan.FromHours(6);
        ArgumentOutOfRangeException.ThrowIfLessThan(fitReadsInFlight, 1);
        FitReadsInFlight = fitReadsInFlight;
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentFits, 1);
        FitSlots = new SemaphoreSlim(concurrentFits, concurrentFits);
        FitParallelism = Math.Max(1, fitParallelism ?? Environment.ProcessorCount);
    }

    /// <summary>Held by a fit run (or a catch-up fit) while it reads and fits.</summary>
    public SemaphoreSlim FitSlots { get; }

    /// <summary>Threads fitting the series of one run.</summary>
    public int FitParallelism { get; }

    /// <summary>
    /// A fit window is read in slices this long (default 6 hours), each shaped and dropped before the next, so only
    /// one slice of raw samples is held at a time. For 1,000 series × 14 days of minutes, 6-hour slices peaked at
    /// 232 MB resident against 304 MB for 1-day slices, for about a second more of reading (service-figures).
    /// </summary>
    public TimeSpan FitReadSlice { get; }

    /// <summary>
    /// How many slices of a fit window are being read while the one read before is shaped (default 1): the store
    /// answers the next slice while the sidecar decodes and shapes the last, instead of each waiting for the other.
    /// Each more holds one more slice of raw samples (at 10,000 series, a 6-hour slice is about 58 MB decoded).
    /// </summary>
    public int FitReadsInFlight { get; }

    /// <summary>
    /// Where a fit window too big for its memory budget keeps its values (<c>--storage.fit-window-memory</c>, files
    /// under <c>--storage.path</c>), or null to keep every window on the heap.
    /// </summary>
    public WindowSpill? FitSpill { get; }

    /// <inheritdoc />
    public void Dispose() => FitSlots.Dispose();
}
