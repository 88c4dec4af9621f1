using System.Text;
using Sidecar.RemoteRead.Client;
using Sidecar.Testing;

namespace Sidecar.RemoteRead.Tests.Client;

public sealed class RequestAuthenticatorTests : IDisposable
{
    private readonly TempDirectory _directory = new("sidecar-auth-");

    [Fact]
    public async Task ApplyAsync_BasicAuthPasswordFile_IsReReadOnEveryRequest()
    {
        var file = _directory.File("password");
        await File.WriteAllTextAsync(file, "first\n");
        var authenticator = new RequestAuthenticator(Options() with { BasicAuth = new BasicAuthOptions { Username = "u", PasswordFile = file } });

        var before = await AuthorizationOf(authenticator);
        await File.WriteAllTextAsync(file, "second");
        var after = await AuthorizationOf(authenticator);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:first")), before);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:second")), after);
    }

    [Fact]
    public async Task ApplyAsync_AuthorizationCredentials_UsesType()
    {
        var authenticator = new RequestAuthenticator(Options() with
        {
            Authorization = new AuthorizationOptions { Type = "Token", Credentials = "abc" },
        });

        Assert.Equal("Token abc", await AuthorizationOf(authenticator));
    }

    [Fact]
    public async Task ApplyAsync_BearerTokenFile_SendsBearer()
    {
        var file = _directory.File("token");
        await File.WriteAllTextAsync(file, "  t0k3n \n");
        var authenticator = new RequestAuthenticator(Options() with { BearerTokenFile = file });

        Assert.Equal("Bearer t0k3n", await AuthorizationOf(authenticator));
    }

    [Fact]
    public async Task ApplyAsync_MissingCredentialsFile_ThrowsCredentialsExceptionNamingTheKey()
    {
        var authenticator = new RequestAuthenticator(Options() with
        {
            Authorization = new AuthorizationOptions { CredentialsFile = _directory.File("absent") },
        });

        var e = await Assert.ThrowsAsync<RemoteReadCredentialsException>(() => AuthorizationOf(authenticator));

        Assert.Contains("authorization.credentials_file", e.Message);
    }

    [Fact]
    public async Task ApplyAsync_ExtraHeaders_AreAdded()
    {
        var authenticator = new RequestAuthenticator(Options() with
        {
            Headers = new Dictionary<string, string> { ["X-Scope-OrgID"] = "tenant-a" },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/");

        await authenticator.ApplyAsync(request, CancellationToken.None);

        Assert.Equal("tenant-a", Assert.Single(request.Headers.GetValues("X-Scope-OrgID")));
    }

    public void Dispose() => _directory.Dispose();

    private static RemoteReadClientOptions Options() => new() { Url = new Uri("http://127.0.0.1:9090/api/v1/read") };

    private static async Task<string?> AuthorizationOf(RequestAuthenticator authenticator)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/");
        await authenticator.ApplyAsync(request, CancellationToken.None);
        return request.Headers.Authorization?.ToString();
    }
}
