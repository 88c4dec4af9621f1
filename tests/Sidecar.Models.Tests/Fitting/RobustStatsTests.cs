using Sidecar.Models.Fitting;

namespace Sidecar.Models.Tests.Fitting;

public sealed class RobustStatsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(1001)]
    public void MedianAndQuantile_MatchSortedReference(int n)
    {
        var rnd = new Random(n);
        // ties and sorted runs are the cases selection gets wrong
        var values = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 3.0 : Math.Round(rnd.NextDouble() * 20)).ToArray();
        var sorted = values.Order().ToArray();

        var median = RobustStats.Median((double[])values.Clone());
        var expectedMedian = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
        Assert.Equal(expectedMedian, median);

        foreach (var p in new[] { 0.0, 0.1, 0.5, 0.9, 0.99, 1.0 })
        {
            var h = p * (n - 1);
            var k = (int)Math.Floor(h);
            var expected = k + 1 < n ? sorted[k] + ((h - k) * (sorted[k + 1] - sorted[k])) : sorted[k];
            Assert.Equal(expected, RobustStats.Quantile((double[])values.Clone(), p), 12);
        }
    }

    [Fact]
    public void Median_Empty_IsNaN()
    {
        Assert.True(double.IsNaN(RobustStats.Median([])));
    }

    [Theory]
    [InlineData(601, 0)]
    [InlineData(5000, 1)]
    [InlineData(20160, 2)]
    [InlineData(20160, 3)]
    public void Select_LargeInputs_PartitionsAroundTheKthSmallest(int n, int pattern)
    {
        // above 600 elements the selection narrows to a sample's bracket first: random, few distinct, sorted, reversed
        var rnd = new Random(n + pattern);
        var values = Enumerable.Range(0, n).Select(i => pattern switch
        {
            0 => rnd.NextDouble(),
            1 => rnd.Next(4),
            2 => i,
            _ => n - i,
        }).Select(v => (double)v).ToArray();
        var sorted = values.Order().ToArray();
        foreach (var k in new[] { 0, 1, n / 10, (n / 2) - 1, n / 2, n - 2, n - 1 })
        {
            var a = (double[])values.Clone();
            var v = RobustStats.Select(a, k);
            Assert.Equal(sorted[k], v);
            Assert.All(a[..k], x => Assert.True(x <= v));
            Assert.All(a[(k + 1)..], x => Assert.True(x >= v));
            Assert.Equal(sorted, a.Order().ToArray());
        }
    }
}
