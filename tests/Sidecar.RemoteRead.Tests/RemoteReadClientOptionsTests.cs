namespace Sidecar.RemoteRead.Tests;

public sealed class RemoteReadClientOptionsTests
{
    private static readonly RemoteReadClientOptions Valid = new() { Url = new Uri("http://127.0.0.1:9090/api/v1/read") };

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(Valid.Validate());
    }

    [Fact]
    public void Validate_ManyMistakes_ReportsEveryOneByKey()
    {
        var options = Valid with
        {
            Url = new Uri("ftp://example/read"),
            RemoteTimeout = TimeSpan.Zero,
            MaxConcurrentRequests = 0,
            MaxRetries = -1,
            MaxBackoff = TimeSpan.FromMilliseconds(1),
            MaxFrameBytes = 10,
            Headers = new Dictionary<string, string> { ["Authorization"] = "x", ["X-Prometheus-Remote-Read-Version"] = "9" },
            BasicAuth = new BasicAuthOptions { Username = "", Password = "p", PasswordFile = "/f" },
            BearerTokenFile = "/t",
            TlsConfig = new TlsOptions { CertFile = "/c" },
        };

        var problems = options.Validate();

        foreach (var key in new[]
                 {
                     "url", "remote_timeout", "max_concurrent_requests", "max_retries", "min_backoff", "max_frame_bytes",
                     "headers.Authorization", "headers.X-Prometheus-Remote-Read-Version", "at most one of basic_auth",
                     "basic_auth: missing required key", "basic_auth: at most one", "tls_config",
                 })
        {
            Assert.Contains(problems, p => p.ToString().StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_BasicAsAuthorizationType_IsRejected()
    {
        var problems = (Valid with { Authorization = new AuthorizationOptions { Type = "Basic", Credentials = "x" } }).Validate();

        Assert.Contains(problems, p => p.Key == "authorization.type");
    }

    [Fact]
    public void Validate_Written_QuotesValuesAsWritten()
    {
        var options = Valid with { MinBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(1), MaxFrameBytes = 100 };

        var problems = options.Validate(key => key == "max_frame_bytes" ? "100B" : null);

        Assert.Equal(
            ["min_backoff: 10s is longer than max_backoff (1s)", "max_frame_bytes: must be between 1KiB and 2147483647 bytes, got 100B"],
            problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Validate_FrameOverTwoGiB_IsRejected()
    {
        var problem = Assert.Single((Valid with { MaxFrameBytes = 4L << 30 }).Validate());

        Assert.Equal("max_frame_bytes", problem.Key);
    }

    [Fact]
    public void Validate_Conflicts_PointAtTheSecondKey()
    {
        var problems = (Valid with
        {
            BasicAuth = new BasicAuthOptions { Username = "u", Password = "p", PasswordFile = "/f" },
            BearerTokenFile = "/t",
        }).Validate();

        Assert.Equal(["bearer_token_file", "basic_auth.password_file"], problems.Select(p => p.At));
        Assert.Equal(["", "basic_auth"], problems.Select(p => p.Key));
    }

    [Fact]
    public void Validate_UrlWithUserInfo_IsRejectedWithoutEchoingIt()
    {
        var problem = Assert.Single((Valid with { Url = new Uri("ftp://u:pw@example/read") }).Validate());

        Assert.Equal("url: put credentials in basic_auth, not in the URL", problem.ToString());
    }

    [Fact]
    public void ToString_NeverShowsSecretsOrHeaderValues()
    {
        var options = Valid with
        {
            Url = new Uri("https://user:urlpass@example.com/api/v1/read?token=querysecret"),
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = "headersecret" },
            BasicAuth = new BasicAuthOptions { Username = "u", Password = "basicsecret" },
            Authorization = new AuthorizationOptions { Credentials = "bearersecret" },
        };

        var text = options.ToString();

        foreach (var secret in new[] { "urlpass", "querysecret", "headersecret", "basicsecret", "bearersecret" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("https://example.com/api/v1/read", text, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingProblems()
    {
        var e = Assert.Throws<ArgumentException>(() => new RemoteReadClient(Valid with { MaxConcurrentRequests = 0, MaxRetries = -2 }));

        Assert.Contains("max_concurrent_requests", e.Message, StringComparison.Ordinal);
        Assert.Contains("max_retries", e.Message, StringComparison.Ordinal);
    }
}
