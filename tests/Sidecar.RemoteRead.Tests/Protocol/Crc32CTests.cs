using System.Text;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)] // the CRC-32C check value
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Compute_KnownVectors_MatchCastagnoli(string text, uint expected)
    {
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Compute_EveryLengthAndAlignment_MatchesBitwiseReference()
    {
        var random = new Random(5);
        var data = new byte[300];
        random.NextBytes(data);
        for (var start = 0; start < 9; start++)
        {
            for (var length = 0; length < data.Length - start; length += 7)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(Reference(slice), Crc32C.Compute(slice));
            }
        }
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        const uint poly = 0x82F63B78; // Castagnoli, reflected
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ poly : crc >> 1;
            }
        }

        return ~crc;
    }
}
