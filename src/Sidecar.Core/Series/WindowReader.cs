using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Reads and shapes a long window (a fit window) slice by slice: each slice's raw samples are read, shaped onto its
/// part of the grid (with the range function's history before it, so the result equals one shaping of the whole
/// window) and dropped. Up to <c>readsInFlight</c> slices are being read while the oldest is shaped, so the store,
/// the network and the decoder work side by side instead of taking turns; raw samples of at most that many slices
/// plus the one being shaped are held. Slices are shaped in order. Slices after the first are sized to hold about
/// <c>sliceSamples</c> raw samples at the rate the last one's series came at, never shorter than the first nor longer
/// than <c>longestSlice</c>: Prometheus's streamed answer costs a frame per series and request, so few series are read
/// in fewer, longer requests for no more memory than many series take in short ones. Thread-safe (stateless).
/// </summary>
public static class WindowReader
{
    /// <summary>
    /// Reads <paramref name="grid"/> for <paramref name="matchers"/> in slices of <paramref name="sliceLength"/>, with
    /// up to <paramref name="readsInFlight"/> slice reads at once, keeping the series <paramref name="keep"/> accepts
    /// (all when null), spilling the values to a file as <paramref name="spill"/> says (in memory when null). With
    /// <paramref name="sliceSamples"/> above 0, each slice started after a read is as long as that many raw samples take
    /// at that read's rate (see <see cref="NextSlicePoints"/>), between <paramref name="sliceLength"/> and
    /// <paramref name="longestSlice"/> (by default four times <paramref name="sliceLength"/>); 0 keeps every slice at
    /// <paramref name="sliceLength"/>. The caller disposes the window.
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
        WindowSpill? spill = null,
        long sliceSamples = 0,
        TimeSpan? longestSlice = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sliceSamples);
        var window = new ShapedWindow(grid, spill);
        var shortest = (int)Math.Max(1, (long)sliceLength.TotalMilliseconds / grid.StepMs);
        var longest = Math.Max(shortest, (int)Math.Min(int.MaxValue, (long)(longestSlice ?? (4 * sliceLength)).TotalMilliseconds / grid.StepMs));
        var pointsPerSlice = shortest;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<(StepGrid Slice, Task<IReadOnlyList<TimeSeries>> Read)>();
        var next = 0;
        void Start()
        {
            var slice = new StepGrid(grid.TimestampMs(next), grid.StepMs, Math.Min(pointsPerSlice, grid.Count - next));
            next += slice.Count;
            pending.Enqueue((slice, reader.ReadAsync(new ReadQuery(shaper.ReadStartMs(slice), slice.EndMs, matchers), stop.Token)));
        }

        try
        {
            while (next < grid.Count && pending.Count < readsInFlight)
            {
                Start();
            }

            while (pending.Count > 0)
            {
                var (slice, read) = pending.Dequeue();
                var raw = await read.ConfigureAwait(false);
                if (sliceSamples > 0)
                {
                    pointsPerSlice = NextSlicePoints(pointsPerSlice, grid.StepMs, raw, sliceSamples, shortest, longest);
                }

                if (next < grid.Count)
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

    /// <summary>
    /// Steps in the next slice: as many as hold <paramref name="sliceSamples"/> raw samples if every series of the last
    /// slice's read (<paramref name="raw"/>) is there throughout at its own sampling rate (its mean spacing; one sample a
    /// step for a series of one sample), so a series that appeared late in the last slice counts in full; within
    /// [<paramref name="shortest"/>, <paramref name="longest"/>]. A read with no series leaves <paramref name="points"/> as it was.
    /// </summary>
    internal static int NextSlicePoints(int points, double stepMs, IReadOnlyList<TimeSeries> raw, long sliceSamples, int shortest, int longest)
    {
        var perStep = 0.0;
        foreach (var series in raw)
        {
            var ts = series.TimestampsMs;
            var span = ts.Length < 2 ? 0 : ts[^1] - ts[0];
            perStep += span > 0 ? (ts.Length - 1) * stepMs / span : Math.Max(1, ts.Length);
        }

        return perStep == 0 ? points : (int)Math.Clamp(sliceSamples / perStep, shortest, longest);
    }
}
