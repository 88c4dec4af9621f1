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
    public SchedulerLimits(int concurrentFits = 1, int? fitParallelism = null, TimeSpan? fitReadSlice = null, int fitReadsInFlight = 1, WindowSpill? fitSpill = null, long fitReadSliceSamples = DefaultFitReadSliceSamples)
    {
        FitSpill = fitSpill;
        FitReadSlice = fitReadSlice ?? TimeSpan.FromHours(6);
        ArgumentOutOfRangeException.ThrowIfNegative(fitReadSliceSamples);
        FitReadSliceSamples = fitReadSliceSamples;
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
    /// A fit window is read in slices, each shaped and dropped before the next, so only one slice of raw samples is
    /// held at a time: the first this long (default 6 hours), the later ones as long as
    /// <see cref="FitReadSliceSamples"/> allows, never shorter. For 1,000 series × 14 days of minutes, 6-hour slices
    /// peaked at 232 MB resident against 304 MB for 1-day slices, for about a second more of reading (service-figures).
    /// </summary>
    public TimeSpan FitReadSlice { get; }

    /// <summary>
    /// The raw samples a slice after the first is sized to hold (0: every slice is <see cref="FitReadSlice"/>), up to
    /// <see cref="LongestFitReadSlice"/>. The default, 3.6 million, is what a 6-hour slice of 10,000 series scraped every
    /// minute holds, so a selector of that size reads as before, and a smaller one in fewer, longer requests holding no
    /// more than that. Prometheus answers a streamed read with a frame per series and request: at 10,000 series, 12-hour
    /// slices cut its CPU from 18 to 10 s and the read from 26 to 17 s, but raised the sidecar's peak from 899 MB to
    /// 1.2 GB; at 1,000 series, the day-long slices this budget gives cut Prometheus's CPU from 1.8 to 0.8 s and the
    /// first cycle from 9.5 to 8.6 s, for a peak of 328–360 MB instead of 256–263 MB (service-figures, docs/service.md).
    /// </summary>
    public long FitReadSliceSamples { get; }

    /// <summary>The longest slice the samples budget grows to: a day, the remote-read client's default request range.</summary>
    public static TimeSpan LongestFitReadSlice { get; } = TimeSpan.FromDays(1);

    /// <summary>The default of <see cref="FitReadSliceSamples"/>.</summary>
    public const long DefaultFitReadSliceSamples = 3_600_000;

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
