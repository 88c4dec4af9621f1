using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Series;

public sealed class ShapedWindowTests
{
    private const long Start = 1_700_000_000_000L / 60_000 * 60_000;
    private static readonly StepGrid Grid = new(Start, 60_000, 300);

    [Theory]
    [InlineData(1L)]             // spilled before the first series
    [InlineData(2L * 300 * 4)]   // spilled when the third series arrives, mid-window
    public void Spilled_HoldsExactlyWhatTheHeapWindowHolds(long memoryBytes)
    {
        using var directory = new TempDirectory("sidecar-spill-");
        using var heap = new ShapedWindow(Grid);
        using var spilled = new ShapedWindow(Grid, new WindowSpill(directory.Path, memoryBytes));
        foreach (var (slice, result) in Slices())
        {
            heap.Add(slice, result);
            spilled.Add(slice, result);
        }

        Assert.False(heap.IsSpilled);
        Assert.True(spilled.IsSpilled);
        Assert.Equal(heap.Keys.OrderBy(k => k.Labels.ToString()), spilled.Keys.OrderBy(k => k.Labels.ToString()));
        foreach (var key in heap.Keys)
        {
            var expected = new double[Grid.Count];
            var actual = new double[Grid.Count];
            heap.CopyValues(key, expected);
            spilled.CopyValues(key, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(heap.Extent(key), spilled.Extent(key));
            Assert.Equal(heap.Latest(key), spilled.Latest(key));
            Assert.Equal(heap.PointsAfter(key, Start + 100 * 60_000), spilled.PointsAfter(key, Start + 100 * 60_000));
        }

        // The late series reads NaN before it appeared, the one with a gap NaN inside the gap.
        var late = new double[Grid.Count];
        spilled.CopyValues(Key("late"), late);
        Assert.All(late[..120], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(120.5, late[120]);
        var gap = new double[Grid.Count];
        spilled.CopyValues(Key("gap"), gap);
        Assert.Equal(59.5, gap[59]);
        Assert.All(gap[60..180], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(180.5, gap[180]);
        Assert.All(gap[240..], v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Spilled_LeavesNoFileBehind()
    {
        using var directory = new TempDirectory("sidecar-spill-");
        var window = new ShapedWindow(Grid, new WindowSpill(directory.Path, 1));
        foreach (var (slice, result) in Slices())
        {
            window.Add(slice, result);
        }

        Assert.True(window.IsSpilled);
        // The file was unlinked as soon as it was opened: nothing is left if the process dies now.
        Assert.Empty(Directory.EnumerateFiles(directory.Path));
        window.Dispose();
        Assert.Empty(Directory.EnumerateFiles(directory.Path));
    }

    [Fact]
    public void InMemory_UnderTheBudget_NeverTouchesTheDisk()
    {
        using var directory = new TempDirectory("sidecar-spill-");
        using var window = new ShapedWindow(Grid, new WindowSpill(Path.Combine(directory.Path, "never"), 4L * 300 * 4));
        foreach (var (slice, result) in Slices())
        {
            window.Add(slice, result);
        }

        Assert.False(window.IsSpilled);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "never")));
    }

    private static SeriesKey Key(string name) => new(LabelSet.From(("__name__", "m"), ("s", name)), "m");

    /// <summary>
    /// Five 60-point slices of four series: "all" everywhere, "late" from slice 2, "gap" in slices 0 and 3 only,
    /// "holes" with every third point missing. Each value is its grid index + 0.5.
    /// </summary>
    private static IEnumerable<(StepGrid Slice, ShapingResult Result)> Slices()
    {
        for (var s = 0; s < 5; s++)
        {
            var slice = new StepGrid(Grid.TimestampMs(s * 60), Grid.StepMs, 60);
            var series = new List<ShapedSeries>();
            foreach (var name in new[] { "all", "late", "gap", "holes" })
            {
                if ((name == "late" && s < 2) || (name == "gap" && s is not (0 or 3)))
                {
                    continue;
                }

                var values = Enumerable.Range(0, 60)
                    .Select(i => name == "holes" && i % 3 == 0 ? ShapedSeries.Missing : (s * 60) + i + 0.5).ToArray();
                var key = Key(name);
                series.Add(new ShapedSeries(key.Labels, key.Metric, slice, values));
            }

            yield return (slice, new ShapingResult(series, 0));
        }
    }
}
