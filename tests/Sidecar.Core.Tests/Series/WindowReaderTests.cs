using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Series;

public sealed class WindowReaderTests
{
    [Theory]
    [InlineData("none", 60)]
    [InlineData("rate", 60)]
    [InlineData("rate", 7)]
    [InlineData("rate", 100_000)]
    public async Task ReadAsync_InSlices_EqualsOneShapingOfTheWholeWindow(string function, int sliceMinutes)
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

        var window = await WindowReader.ReadAsync(reader, shaper, matchers, grid, TimeSpan.FromMinutes(sliceMinutes), CancellationToken.None);
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
}
