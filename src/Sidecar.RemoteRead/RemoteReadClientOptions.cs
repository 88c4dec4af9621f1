using System.Globalization;

namespace Sidecar.RemoteRead;

/// <summary>
/// How to reach one remote-read endpoint, with Prometheus's names for the same settings (<c>remote_read</c> and
/// its <c>http_config</c>), plus the client's decode bounds, window splitting and retries.
/// Durations are <see cref="TimeSpan"/>s; sizes are bytes. Immutable; thread-safe.
/// <see cref="ToString"/> never shows secrets or header values.
/// </summary>
public sealed record RemoteReadClientOptions
{
    private static readonly string[] ReservedHeaders =
    [
        "Authorization", "Host", "Content-Encoding", "Content-Length", "Content-Type", "User-Agent", "Connection",
        "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "WWW-Authenticate", "Transfer-Encoding",
        "X-Prometheus-Remote-Read-Version",
    ];

    /// <summary>Highest <see cref="MaxConcurrentRequests"/>.</summary>
    public const int MaxConcurrency = 64;

    /// <summary><c>url</c>: the endpoint, e.g. <c>http://127.0.0.1:9090/api/v1/read</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary><c>remote_timeout</c>: bound on one HTTP request, from sending until the last body byte. Default 1 minute.</summary>
    public TimeSpan RemoteTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>headers</c>: extra request headers, e.g. <c>X-Scope-OrgID</c> for Cortex/Mimir tenants.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary><c>basic_auth</c>, or null.</summary>
    public BasicAuthOptions? BasicAuth { get; init; }

    /// <summary><c>authorization</c>, or null.</summary>
    public AuthorizationOptions? Authorization { get; init; }

    /// <summary><c>bearer_token_file</c> (Prometheus's older spelling of <c>authorization.credentials_file</c>), or null.</summary>
    public string? BearerTokenFile { get; init; }

    /// <summary><c>tls_config</c>, or null for the system defaults.</summary>
    public TlsOptions? TlsConfig { get; init; }

    /// <summary>
    /// <c>max_request_range</c>: a query window longer than this is split into several requests over consecutive,
    /// non-overlapping inclusive sub-ranges. Default 1 day.
    /// </summary>
    public TimeSpan MaxRequestRange { get; init; } = TimeSpan.FromDays(1);

    /// <summary><c>max_concurrent_requests</c>: how many sub-range requests of one read run at once. Default 4.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary><c>max_retries</c>: retries after the first attempt, for 429, 5xx and connection errors. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary><c>min_backoff</c>: delay before the first retry; doubles on each retry, with jitter. Default 100 ms.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary><c>max_backoff</c>: upper bound on any retry delay, including a server's <c>Retry-After</c>. Default 5 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>max_frame_bytes</c>: largest accepted streamed frame, 1 KiB to 2 GiB − 1. Default 16 MiB.</summary>
    public long MaxFrameBytes { get; init; } = 16L << 20;

    /// <summary>
    /// <c>max_response_bytes</c>: largest accepted response per request, counted on the wire and, for the
    /// snappy-compressed SAMPLES response, also after decompression. Default 512 MiB.
    /// </summary>
    public long MaxResponseBytes { get; init; } = 512L << 20;

    /// <summary><c>max_samples_per_request</c>: most samples one request may return. Default 50,000,000 (as Prometheus's read-sample-limit).</summary>
    public long MaxSamplesPerRequest { get; init; } = 50_000_000;

    /// <summary>
    /// Response types offered to the server, in preference order. Default streamed XOR chunks, then samples.
    /// The response's <c>Content-Type</c>, not this list, decides how a body is decoded.
    /// </summary>
    public IReadOnlyList<RemoteReadResponseType> AcceptedResponseTypes { get; init; } =
        [RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples];

    /// <summary>The <c>User-Agent</c> header.</summary>
    public string UserAgent { get; init; } = "Sidecar.RemoteRead/" +
        (typeof(RemoteReadClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>
    /// Every problem with these options, each naming its key; empty when valid. These are all the rules the options
    /// have, so a config file that binds into them reports these same problems (at the key, via <see cref="RemoteReadOptionsProblem.At"/>).
    /// </summary>
    /// <param name="written">
    /// How a key's value is written where the options came from (a config file), so that a message quotes the value
    /// as the user wrote it; null, or a null answer, quotes the value itself.
    /// </param>
    public IReadOnlyList<RemoteReadOptionsProblem> Validate(Func<string, string?>? written = null)
    {
        var problems = new List<RemoteReadOptionsProblem>();
        string Shown(string key, object value) => written?.Invoke(key) ?? Format(value);
        void Add(string key, string message) => problems.Add(new RemoteReadOptionsProblem(key, message));

        if (Url.IsAbsoluteUri && Url.UserInfo.Length > 0)
        {
            Add("url", "put credentials in basic_auth, not in the URL");
        }
        else if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps) || Url.Host.Length == 0)
        {
            Add("url", $"invalid URL \"{Shown("url", Url)}\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read");
        }

        Positive(problems, "remote_timeout", RemoteTimeout);
        Positive(problems, "max_request_range", MaxRequestRange);
        if (MaxRequestRange > TimeSpan.Zero && MaxRequestRange < TimeSpan.FromMinutes(1))
        {
            Add("max_request_range", $"must be at least 1m (each sub-range is a request held in memory until the read completes), got {Shown("max_request_range", MaxRequestRange)}");
        }

        Positive(problems, "min_backoff", MinBackoff);
        if (MinBackoff > MaxBackoff)
        {
            Add("min_backoff", $"{Shown("min_backoff", MinBackoff)} is longer than max_backoff ({Shown("max_backoff", MaxBackoff)})");
        }

        AtLeast(problems, "max_concurrent_requests", MaxConcurrentRequests, 1, "1", Shown);
        if (MaxConcurrentRequests > MaxConcurrency)
        {
            Add("max_concurrent_requests", $"must be at most {MaxConcurrency} (each request may hold max_response_bytes), got {Shown("max_concurrent_requests", MaxConcurrentRequests)}");
        }
        if (MaxRetries < 0)
        {
            Add("max_retries", $"must not be negative, got {Shown("max_retries", MaxRetries)}");
        }

        if (MaxFrameBytes is < 1024 or > int.MaxValue)
        {
            Add("max_frame_bytes", $"must be between 1KiB and {int.MaxValue} bytes, got {Shown("max_frame_bytes", MaxFrameBytes)}");
        }

        AtLeast(problems, "max_response_bytes", MaxResponseBytes, 1024, "1KiB", Shown);
        AtLeast(problems, "max_samples_per_request", MaxSamplesPerRequest, 1, "1", Shown);
        if (AcceptedResponseTypes.Count == 0)
        {
            Add("accepted_response_types", "must name at least one type");
        }

        foreach (var name in Headers.Keys)
        {
            if (ReservedHeaders.Any(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)) ||
                name.StartsWith("X-Prometheus-Remote-", StringComparison.OrdinalIgnoreCase))
            {
                var hint = string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) ? "; use authorization or basic_auth" : "";
                Add($"headers.{name}", $"header \"{name}\" is set by the sidecar itself{hint}");
            }
        }

        var auths = new[] { ("basic_auth", BasicAuth is not null), ("authorization", Authorization is not null), ("bearer_token_file", BearerTokenFile is not null) }
            .Where(a => a.Item2).Select(a => a.Item1).ToArray();
        if (auths.Length > 1)
        {
            problems.Add(new RemoteReadOptionsProblem("", $"at most one of basic_auth, authorization and bearer_token_file may be set (found {string.Join(" and ", auths)})") { At = auths[1] });
        }

        if (BasicAuth is { } basic)
        {
            if (basic.Username.Length == 0)
            {
                Add("basic_auth", "missing required key \"username\"");
            }

            if (basic.Password is not null && basic.PasswordFile is not null)
            {
                problems.Add(new RemoteReadOptionsProblem("basic_auth", "at most one of password and password_file may be set") { At = "basic_auth.password_file" });
            }
        }

        if (Authorization is { } authorization)
        {
            if (string.Equals(authorization.Type, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                Add("authorization.type", "use basic_auth for Basic authentication");
            }
            else if (authorization.Type.Length == 0 || authorization.Type.Any(char.IsWhiteSpace))
            {
                Add("authorization.type", "must be one word, e.g. Bearer");
            }

            if (authorization.Credentials is not null && authorization.CredentialsFile is not null)
            {
                problems.Add(new RemoteReadOptionsProblem("authorization", "at most one of credentials and credentials_file may be set") { At = "authorization.credentials_file" });
            }
        }

        if (TlsConfig is { } tls && (tls.CertFile is null) != (tls.KeyFile is null))
        {
            Add("tls_config", "cert_file and key_file must be set together");
        }

        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="ArgumentException">Lists every problem.</exception>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid remote-read options: " + string.Join("; ", problems));
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"remote_read{{url={Redact(Url)}, remote_timeout={RemoteTimeout}, headers=[{string.Join(",", Headers.Keys)}], " +
            $"{(BasicAuth?.ToString() ?? "basic_auth=<unset>")}, {(Authorization?.ToString() ?? "authorization=<unset>")}, " +
            $"bearer_token_file={BearerTokenFile ?? "<unset>"}, {(TlsConfig?.ToString() ?? "tls_config=<unset>")}, " +
            $"max_request_range={MaxRequestRange}, max_concurrent_requests={MaxConcurrentRequests}, max_retries={MaxRetries}, " +
            $"min_backoff={MinBackoff}, max_backoff={MaxBackoff}, max_frame_bytes={MaxFrameBytes}, " +
            $"max_response_bytes={MaxResponseBytes}, max_samples_per_request={MaxSamplesPerRequest}}}");

    /// <summary>The URL without user info or query string, which may hold secrets: safe for logs and errors.</summary>
    public static string Redact(Uri url) =>
        url.IsAbsoluteUri ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "<relative url>";

    private static void Positive(List<RemoteReadOptionsProblem> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add(new RemoteReadOptionsProblem(key, "must be greater than 0"));
        }
    }

    private static void AtLeast(List<RemoteReadOptionsProblem> problems, string key, long value, long min, string minText,
        Func<string, object, string> shown)
    {
        if (value < min)
        {
            problems.Add(new RemoteReadOptionsProblem(key, $"must be at least {minText}, got {shown(key, value)}"));
        }
    }

    /// <summary>A value for a message: durations as Prometheus writes them (<c>100ms</c>, <c>5s</c>), URLs redacted.</summary>
    private static string Format(object value) => value switch
    {
        TimeSpan t when t.Ticks % TimeSpan.TicksPerSecond == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalSeconds}s"),
        TimeSpan t => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds}ms"),
        Uri u => Redact(u),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
