using Sidecar.Models.Fitting;

namespace Sidecar.Models.Tests.Fitting;

public sealed class RadixOrderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(20160)]
    public void Sort_MixedSignsAndMagnitudes_MatchesComparisonSortWithTags(int n)
    {
        var rnd = new Random(n);
        var values = Enumerable.Range(0, n).Select(i => (i % 7) switch
        {
            0 => -rnd.NextDouble() * 1e6,
            1 => rnd.NextDouble() * 1e-9,
            2 => Math.Round(rnd.NextDouble() * 3), // ties
            3 => double.MaxValue * (rnd.Next(2) == 0 ? 1 : -1),
            4 => double.Epsilon,
            _ => rnd.NextDouble() * 100,
        }).ToArray();
        var tags = Enumerable.Range(0, n).ToArray();
        var sortedValues = (double[])values.Clone();
        RadixOrder.Sort(sortedValues, tags, new int[n]);

        Assert.Equal(values.Order().ToArray(), sortedValues);
        // each tag still names its value, and equal values keep their input order (a stable sort)
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(values[tags[i]], sortedValues[i]);
            if (i > 0 && sortedValues[i] == sortedValues[i - 1])
            {
                Assert.True(tags[i] > tags[i - 1]);
            }
        }
    }

    [Fact]
    public void Sort_SignedZeros_NegativeZeroFirst()
    {
        double[] values = [0.0, -0.0, 1.0, -1.0];
        var tags = new[] { 0, 1, 2, 3 };
        RadixOrder.Sort(values, tags, new int[4]);

        Assert.Equal([3, 1, 0, 2], tags);
        Assert.True(double.IsNegative(values[1]) && values[1] == 0);
    }
}
