namespace Sidecar.Config;

/// <summary>
/// One <c>remote_read</c> entry: where to read and how (Prometheus <c>http_config</c> keys plus request splitting,
/// retries and decode bounds). Durations are <see cref="TimeSpan"/>s, sizes in bytes. Immutable.
/// </summary>
public sealed record RemoteReadConfig
{
    /// <summary>The name selectors refer to in <c>source</c>; <c>default</c> when the only entry has none.</summary>
    public string Name { get; init; } = "default";

    /// <summary>The remote-read endpoint, e.g. <c>http://127.0.0.1:9090/api/v1/read</c>.</summary>
    public Uri Url { get; init; } = new("http://127.0.0.1:9090/api/v1/read");

    /// <summary>Timeout of one HTTP request (<c>remote_timeout</c>).</summary>
    public TimeSpan RemoteTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Extra request headers, e.g. <c>X-Scope-OrgID</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Basic authentication, or null.</summary>
    public BasicAuthConfig? BasicAuth { get; init; }

    /// <summary>Authorization header (including <c>bearer_token_file</c>), or null.</summary>
    public AuthorizationConfig? Authorization { get; init; }

    /// <summary>TLS settings.</summary>
    public TlsConfig Tls { get; init; } = new();

    /// <summary>Longest time range one request asks for; longer windows are split into several requests.</summary>
    public TimeSpan MaxRequestRange { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Requests in flight at once for one read.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Retries after a 429, a 5xx or a connection error (0 = no retry).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest accepted frame of a streamed response, bytes (1 KiB to 2 GiB).</summary>
    public long MaxFrameBytes { get; init; } = 16L << 20;

    /// <summary>Largest accepted response of one request, bytes (on the wire, and decompressed for SAMPLES); at least 1 KiB.</summary>
    public long MaxResponseBytes { get; init; } = 512L << 20;

    /// <summary>Most samples accepted in the response to one request.</summary>
    public long MaxSamplesPerRequest { get; init; } = 50_000_000;
}
