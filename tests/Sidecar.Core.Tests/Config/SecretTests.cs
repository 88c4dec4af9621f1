using Sidecar.Config;

namespace Sidecar.Core.Tests.Config;

public class SecretTests
{
    [Fact]
    public void ToString_Always_HidesValue()
    {
        var secret = new Secret("hunter2");

        Assert.Equal("<secret>", secret.ToString());
        Assert.Equal("hunter2", secret.Reveal());
    }

    [Fact]
    public void RecordToString_ContainingSecret_DoesNotRevealIt()
    {
        var auth = new BasicAuthConfig { Username = "u", Password = new Secret("hunter2") };
        var remote = new RemoteReadConfig { BasicAuth = auth, Authorization = new AuthorizationConfig { Credentials = new Secret("tok3n") } };

        var text = remote.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n", text, StringComparison.Ordinal);
        Assert.Contains("<secret>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameValue_True()
    {
        Assert.Equal(new Secret("a"), new Secret("a"));
        Assert.NotEqual(new Secret("a"), new Secret("b"));
    }
}
