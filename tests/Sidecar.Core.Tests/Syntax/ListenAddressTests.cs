using Sidecar.Syntax;

namespace Sidecar.Core.Tests.Syntax;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(":9717", null, 9717)]
    [InlineData("127.0.0.1:9090", "127.0.0.1", 9090)]
    [InlineData("localhost:0", "localhost", 0)]
    [InlineData("[::1]:9717", "::1", 9717)]
    [InlineData("0.0.0.0:65535", "0.0.0.0", 65535)]
    public void TryParse_Valid_ReturnsHostAndPort(string text, string? host, int port)
    {
        var address = ListenAddress.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new ListenAddress(host, port), address);
        Assert.Equal(text, address!.ToString());
    }

    [Theory]
    [InlineData("9717")]
    [InlineData(":http")]
    [InlineData(":65536")]
    [InlineData(":-1")]
    [InlineData("::1:9717")]
    [InlineData("[nothost]:9717")]
    [InlineData("")]
    public void TryParse_Invalid_ReturnsNullWithError(string text)
    {
        var address = ListenAddress.TryParse(text, out var error);

        Assert.Null(address);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
