using Sidecar.Syntax;

namespace Sidecar.Core.Tests.Syntax;

public class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1500", 1500L)]
    [InlineData("10B", 10L)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("1KB", 1024L)]
    [InlineData("16MiB", 16L << 20)]
    [InlineData("16MB", 16L << 20)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("2TiB", 2L << 40)]
    public void Parse_ValidText_ReturnsBytes(string text, long expected)
    {
        Assert.Equal(expected, ByteSize.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("16mb")]
    [InlineData("1.5MiB")]
    [InlineData("-1")]
    [InlineData("16XB")]
    [InlineData("99999999999TiB")]
    public void TryParse_InvalidText_Fails(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1500L, "1500B")]
    [InlineData(16L << 20, "16MiB")]
    [InlineData(1536L, "1536B")]
    [InlineData(3L << 10, "3KiB")]
    [InlineData(1L << 40, "1TiB")]
    public void Format_Bytes_UsesLargestExactUnitAndRoundTrips(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
        Assert.Equal(bytes, ByteSize.Parse(expected));
    }
}
