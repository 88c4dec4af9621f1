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

    /// <summary><c>max_frame_bytes</c>: largest accepted streamed frame. Default 16 MiB.</summary>
    public int MaxFrameBytes { get; init; } = 16 << 20;

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

    /// <summary>Every problem with these options, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("url: must be an absolute http:// or https:// URL");
        }

        Positive(problems, "remote_timeout", RemoteTimeout);
        Positive(problems, "max_request_range", MaxRequestRange);
        if (MaxRequestRange > TimeSpan.Zero && MaxRequestRange < TimeSpan.FromMilliseconds(1))
        {
            problems.Add("max_request_range: must be at least 1ms");
        }

        Positive(problems, "min_backoff", MinBackoff);
        if (MaxBackoff < MinBackoff)
        {
            problems.Add("max_backoff: must not be less than min_backoff");
        }

        if (MaxConcurrentRequests < 1)
        {
            problems.Add("max_concurrent_requests: must be at least 1");
        }

        if (MaxRetries < 0)
        {
            problems.Add("max_retries: must not be negative");
        }

        if (MaxFrameBytes < 1024)
        {
            problems.Add("max_frame_bytes: must be at least 1KiB");
        }

        if (MaxResponseBytes < 1024)
        {
            problems.Add("max_response_bytes: must be at least 1KiB");
        }

        if (MaxSamplesPerRequest < 1)
        {
            problems.Add("max_samples_per_request: must be at least 1");
        }

        if (AcceptedResponseTypes.Count == 0)
        {
            problems.Add("accepted_response_types: must name at least one type");
        }

        foreach (var name in Headers.Keys)
        {
            if (ReservedHeaders.Any(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)) ||
                name.StartsWith("X-Prometheus-Remote-", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"headers: {name} is set by the client and cannot be overridden");
            }
        }

        var authCount = (BasicAuth is null ? 0 : 1) + (Authorization is null ? 0 : 1) + (BearerTokenFile is null ? 0 : 1);
        if (authCount > 1)
        {
            problems.Add("at most one of basic_auth, authorization and bearer_token_file may be set");
        }

        if (BasicAuth is { } basic)
        {
            if (basic.Username.Length == 0)
            {
                problems.Add("basic_auth.username: required");
            }

            if (basic.Password is not null && basic.PasswordFile is not null)
            {
                problems.Add("basic_auth: at most one of password and password_file may be set");
            }
        }

        if (Authorization is { } authorization)
        {
            if (authorization.Type.Length == 0 || authorization.Type.Any(char.IsWhiteSpace))
            {
                problems.Add("authorization.type: must be one word, e.g. Bearer");
            }

            if (string.Equals(authorization.Type, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("authorization.type: Basic is not allowed; use basic_auth");
            }

            if (authorization.Credentials is not null && authorization.CredentialsFile is not null)
            {
                problems.Add("authorization: at most one of credentials and credentials_file may be set");
            }
        }

        if (TlsConfig is { } tls && (tls.CertFile is null) != (tls.KeyFile is null))
        {
            problems.Add("tls_config: cert_file and key_file must be set together");
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

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{key}: must be positive");
        }
    }
}
