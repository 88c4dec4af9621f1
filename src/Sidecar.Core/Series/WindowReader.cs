using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Reads and shapes a long window (a fit window) slice by slice: each slice's raw samples are read, shaped onto its
/// part of the grid (with the range function's history before it, so the result equals one shaping of the whole
/// window) and dropped. Up to <c>readsInFlight</c> slices are being read while the oldest is shaped, so the store,
/// the network and the decoder work side by side instead of taking turns; raw samples of at most that many slices
/// plus the one being shaped are held. Slices are shaped in order. Thread-safe (stateless).
/// </summary>
public static class WindowReader
{
    /// <summary>
    /// Reads <paramref name="grid"/> for <paramref name="matchers"/> in slices of <paramref name="sliceLength"/>, with
    /// up to <paramref name="readsInFlight"/> slice reads at once, keeping the series <paramref name="keep"/> accepts
    /// (all when null), spilling the values to a file as <paramref name="spill"/> says (in memory when null). The caller
    /// disposes the window.
    /// </summary>
    /// <exception cref="RemoteReadException">A slice could not be read; nothing partial is returned.</exception>
    public static async Task<ShapedWindow> ReadAsync(
        ISeriesReader reader,
        SeriesShaper shaper,
        IReadOnlyList<Matcher> matchers,
        StepGrid grid,
        TimeSpan sliceLength,
        CancellationToken cancellationToken,
        int readsInFlight = 1,
        Func<ShapedSeries, bool>? keep = null,
        WindowSpill? spill = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readsInFlight, 1);
        var window = new ShapedWindow(grid, spill);
        var pointsPerSlice = (int)Math.Max(1, (long)sliceLength.TotalMilliseconds / grid.StepMs);
        var slices = new List<StepGrid>();
        for (var start = 0; start < grid.Count; start += pointsPerSlice)
        {
            slices.Add(new StepGrid(grid.TimestampMs(start), grid.StepMs, Math.Min(pointsPerSlice, grid.Count - start)));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<(StepGrid Slice, Task<IReadOnlyList<TimeSeries>> Read)>();
        var next = 0;
        void Start()
        {
            var slice = slices[next++];
            pending.Enqueue((slice, reader.ReadAsync(new ReadQuery(shaper.ReadStartMs(slice), slice.EndMs, matchers), stop.Token)));
        }

        try
        {
            while (next < slices.Count && pending.Count < readsInFlight)
            {
                Start();
            }

            while (pending.Count > 0)
            {
                var (slice, read) = pending.Dequeue();
                var raw = await read.ConfigureAwait(false);
                if (next < slices.Count)
                {
                    Start();
                }

                window.CountRaw(slice, raw);
                var shaped = shaper.Shape(raw, slice);
                window.Add(slice, keep is null ? shaped : shaped with { Series = shaped.Series.Where(keep).ToList() });
            }
        }
        catch
        {
            // Stop the reads still going and wait for them, so none outlives the call or goes unobserved.
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var (_, read) in pending)
            {
                try
                {
                    await read.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or RemoteReadException)
                {
                }
            }

            window.Dispose();
            throw;
        }

        return window;
    }
}
