using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Series;

public sealed class WindowReaderTests
{
    [Theory]
    [InlineData("none", 60, 1, 0)]
    [InlineData("rate", 60, 1, 0)]
    [InlineData("rate", 7, 1, 0)]
    [InlineData("rate", 100_000, 1, 0)]
    [InlineData("none", 60, 3, 0)]
    [InlineData("rate", 7, 4, 0)]
    [InlineData("rate", 7, 1, 200)]
    [InlineData("none", 13, 2, 500)]
    public async Task ReadAsync_InSlices_EqualsOneShapingOfTheWholeWindow(string function, int sliceMinutes, int readsInFlight, long sliceSamples)
    {
        var reader = new InMemorySeriesReader();
        var start = 1_700_000_000_000L / 60_000 * 60_000;
        // A counter with a reset and a gap, scraped every 15 s, in two series.
        foreach (var instance in new[] { "a", "b" })
        {
            var timestamps = Enumerable.Range(0, 4 * 60 * 6).Select(i => start + i * 15_000L).Where(t => t < start + 3_600_000 || t > start + 3_900_000).ToArray();
            var values = timestamps.Select((t, i) => (double)(i % 500) * (instance == "a" ? 1 : 3)).ToArray();
            reader.Add(new TimeSeries(LabelSet.From(("__name__", "c_total"), ("instance", instance)), timestamps, values));
        }

        var shaping = new ShapingOptions { Function = function == "rate" ? RangeFunction.Rate : RangeFunction.None };
        var shaper = new SeriesShaper(shaping);
        var grid = new StepGrid(start + 600_000, 60_000, 300);
        IReadOnlyList<Matcher> matchers = [new(RemoteRead.MatchType.Equal, "__name__", "c_total")];

        var window = await WindowReader.ReadAsync(reader, shaper, matchers, grid, TimeSpan.FromMinutes(sliceMinutes), CancellationToken.None, readsInFlight, sliceSamples: sliceSamples);
        var whole = shaper.Shape(await reader.ReadAsync(new ReadQuery(shaper.ReadStartMs(grid), grid.EndMs, matchers), CancellationToken.None), grid);

        Assert.Equal(whole.Series.Count, window.Count);
        foreach (var series in whole.Series)
        {
            var key = new SeriesKey(series.Labels, series.MetricName);
            var values = new double[grid.Count];
            window.CopyValues(key, values);
            for (var i = 0; i < grid.Count; i++)
            {
                var expected = series.IsPresent(i) ? (double)(float)series.Values[i] : double.NaN;
                Assert.Equal(expected, values[i]);
            }
        }
    }

    [Fact]
    public async Task ReadAsync_WithASamplesBudget_LengthensTheSlicesAfterTheFirstToWhatTheBudgetHolds()
    {
        var reader = new InMemorySeriesReader();
        var start = 1_700_000_000_000L / 60_000 * 60_000;
        // two series scraped every 15 s: 8 raw samples a 1-minute step
        foreach (var instance in new[] { "a", "b" })
        {
            var timestamps = Enumerable.Range(0, 4 * 60 * 24).Select(i => start + i * 15_000L).ToArray();
            reader.Add(new TimeSeries(LabelSet.From(("__name__", "g"), ("instance", instance)), timestamps, timestamps.Select(t => 1.0).ToArray()));
        }

        var shaper = new SeriesShaper(new ShapingOptions());
        var grid = new StepGrid(start + 600_000, 60_000, 600);
        using var window = await WindowReader.ReadAsync(
            reader, shaper, [new(RemoteRead.MatchType.Equal, "__name__", "g")], grid, TimeSpan.FromMinutes(30), CancellationToken.None,
            sliceSamples: 8 * 100, longestSlice: TimeSpan.FromMinutes(240));

        // the first slice as asked (30 steps), then 100 steps each (800 samples at 8 a step), the last what is left
        var ends = reader.Queries.Select(q => q.EndMs).ToList();
        var steps = ends.Zip([grid.StartMs - 60_000, .. ends], (end, before) => (end - before) / 60_000).ToList();
        Assert.Equal([30L, 100, 100, 100, 100, 100, 70], steps);
        Assert.Equal(2, window.Count);
    }

    [Fact]
    public void NextSlicePoints_CountsASeriesThatAppearedLateAtItsFullRate_AndKeepsTheLengthWithoutSeries()
    {
        var start = 1_700_000_000_000L;
        // one series every minute throughout, one that appeared for the last 5 minutes of a 60-step slice
        TimeSeries[] raw =
        [
            new(LabelSet.From(("__name__", "g"), ("instance", "old")), [.. Enumerable.Range(0, 60).Select(i => start + i * 60_000L)], new double[60]),
            new(LabelSet.From(("__name__", "g"), ("instance", "new")), [.. Enumerable.Range(55, 5).Select(i => start + i * 60_000L)], new double[5]),
        ];

        Assert.Equal(300, WindowReader.NextSlicePoints(60, 60_000, raw, 600, shortest: 60, longest: 1000));
        Assert.Equal(1000, WindowReader.NextSlicePoints(60, 60_000, raw, 600_000, shortest: 60, longest: 1000));
        Assert.Equal(60, WindowReader.NextSlicePoints(60, 60_000, raw, 10, shortest: 60, longest: 1000));
        Assert.Equal(120, WindowReader.NextSlicePoints(120, 60_000, [], 600, shortest: 60, longest: 1000));
    }

    [Fact]
    public async Task ReadAsync_KeepsOnlyTheSeriesAsked()
    {
        var reader = new InMemorySeriesReader();
        var start = 1_700_000_000_000L / 60_000 * 60_000;
        foreach (var instance in new[] { "a", "b", "c" })
        {
            var timestamps = Enumerable.Range(0, 120).Select(i => start + i * 60_000L).ToArray();
            reader.Add(new TimeSeries(LabelSet.From(("__name__", "g"), ("instance", instance)), timestamps, timestamps.Select(t => 1.0).ToArray()));
        }

        var shaper = new SeriesShaper(new ShapingOptions());
        var window = await WindowReader.ReadAsync(
            reader, shaper, [new(RemoteRead.MatchType.Equal, "__name__", "g")], new StepGrid(start, 60_000, 120), TimeSpan.FromMinutes(30),
            CancellationToken.None, readsInFlight: 2, keep: s => s.Labels.Get("instance") != "b");

        Assert.Equal(["a", "c"], window.Keys.Select(k => k.Labels.Get("instance")).Order());
    }

    [Fact]
    public async Task ReadAsync_ASliceThatFails_FailsTheReadAndStopsTheOthers()
    {
        var reader = new FailingSliceReader(failAt: 1);
        var shaper = new SeriesShaper(new ShapingOptions());
        var start = 1_700_000_000_000L / 60_000 * 60_000;

        await Assert.ThrowsAsync<RemoteReadConnectionException>(() => WindowReader.ReadAsync(
            reader, shaper, [new(RemoteRead.MatchType.Equal, "__name__", "g")], new StepGrid(start, 60_000, 600), TimeSpan.FromMinutes(60),
            CancellationToken.None, readsInFlight: 3));

        // Slices 0-2 started at once, slice 3 when slice 0 was taken; slice 1 failed; the reads of slices 2 and 3,
        // still going, were cancelled and awaited before the call returned.
        Assert.Equal(4, reader.Started);
        Assert.Equal(0, reader.Running);
        Assert.Equal(2, reader.Cancelled);
    }

    /// <summary>
    /// Fault injection: slice reads before number <c>failAt</c> return nothing, that one fails, later ones wait until
    /// cancelled.
    /// </summary>
    private sealed class FailingSliceReader(int failAt) : ISeriesReader
    {
        private int _started;
        private int _running;
        private int _cancelled;

        public int Started => Volatile.Read(ref _started);

        public int Running => Volatile.Read(ref _running);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public async Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _started) - 1;
            Interlocked.Increment(ref _running);
            try
            {
                if (n < failAt)
                {
                    return [];
                }

                if (n == failAt)
                {
                    await Task.Yield();
                    throw new RemoteReadConnectionException("injected: connection refused", new HttpRequestException("refused"));
                }

                await Task.Delay(Timeout.Infinite, cancellationToken);
                return [];
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }
}
