using System.Net;
using System.Net.Http.Headers;
using Sidecar.RemoteRead.Client;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead;

/// <summary>
/// A Prometheus remote-read client. <see cref="ReadAsync"/> returns every series matching a query with its raw
/// samples (unix milliseconds, as stored; stale markers dropped; native histograms skipped). It offers the
/// server STREAMED_XOR_CHUNKS then SAMPLES and decodes whichever the response's <c>Content-Type</c> says; it
/// splits long windows into sub-range requests run with bounded concurrency, retries 429, 5xx and connection
/// errors with backoff, and bounds every decode. A failed request never yields partial data: the read throws a
/// <see cref="RemoteReadException"/>. Thread-safe: one instance may serve concurrent reads.
/// </summary>
public sealed class RemoteReadClient : IDisposable
{
    private const string RemoteReadVersion = "0.1.0";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RemoteReadClientOptions _options;
    private readonly IRemoteReadObserver? _observer;
    private readonly TimeProvider _time;
    private readonly RequestAuthenticator _authenticator;
    private readonly RetryBackoff _backoff;
    private readonly DecodeLimits _limits;
    private readonly string _redactedUrl;

    /// <summary>Creates a client with its own connection pool, configured from <paramref name="options"/> (TLS included).</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public RemoteReadClient(RemoteReadClientOptions options, IRemoteReadObserver? observer = null, TimeProvider? timeProvider = null)
        : this(new HttpClient(CreateHandler(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan }, true, options, observer, timeProvider)
    {
    }

    /// <summary>
    /// Creates a client on a caller-owned <paramref name="httpClient"/> (not disposed by this client). Its
    /// <see cref="HttpClient.Timeout"/> still applies up to the response headers; prefer
    /// <see cref="Timeout.InfiniteTimeSpan"/> and let <see cref="RemoteReadClientOptions.RemoteTimeout"/> govern.
    /// Build its handler with <see cref="CreateHandler"/> to honour <see cref="RemoteReadClientOptions.TlsConfig"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public RemoteReadClient(HttpClient httpClient, RemoteReadClientOptions options, IRemoteReadObserver? observer = null, TimeProvider? timeProvider = null)
        : this(httpClient, false, options, observer, timeProvider)
    {
    }

    private RemoteReadClient(HttpClient http, bool ownsHttp, RemoteReadClientOptions options, IRemoteReadObserver? observer, TimeProvider? timeProvider)
    {
        try
        {
            options.EnsureValid();
        }
        catch
        {
            if (ownsHttp)
            {
                http.Dispose();
            }

            throw;
        }

        _http = http;
        _ownsHttp = ownsHttp;
        _options = options;
        _observer = observer;
        _time = timeProvider ?? TimeProvider.System;
        _authenticator = new RequestAuthenticator(options);
        _backoff = new RetryBackoff(options.MinBackoff, options.MaxBackoff, Random.Shared);
        _limits = DecodeLimits.From(options);
        _redactedUrl = RemoteReadClientOptions.Redact(options.Url);
    }

    /// <summary>
    /// A handler configured for <paramref name="options"/>: TLS verification and client certificate from
    /// <c>tls_config</c>, no automatic decompression, no cookies, no automatic redirects (the client follows
    /// same-origin 307 and 308 itself, so headers and credentials never reach another origin), connections recycled
    /// every 5 minutes (so DNS changes and rotated certificates are picked up).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(RemoteReadClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RemoteTimeout,
        };
        if (options.TlsConfig is { } tls)
        {
            handler.SslOptions = new TlsCertificates(tls).CreateSslOptions();
        }

        return handler;
    }

    /// <summary>
    /// Reads every series matching <paramref name="query"/> with its samples in [StartMs, EndMs] (both inclusive,
    /// unix milliseconds). Series are sorted by labels; series without samples in the window are omitted.
    /// Values are bit-exact, except that a SAMPLES response cannot carry -0.0 (Prometheus's proto3 encoder omits
    /// zero doubles, so it arrives as 0.0).
    /// </summary>
    /// <exception cref="ArgumentException">End before start, or no matchers.</exception>
    /// <exception cref="RemoteReadException">A request failed after its retries; no partial result is returned.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<TimeSeries>> ReadAsync(ReadQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.EndMs < query.StartMs)
        {
            throw new ArgumentException($"query ends ({query.EndMs}) before it starts ({query.StartMs})", nameof(query));
        }

        if (query.Matchers.Count == 0)
        {
            throw new ArgumentException("query has no matchers", nameof(query));
        }

        var maxRangeMs = Math.Max(1, (long)_options.MaxRequestRange.TotalMilliseconds);
        var ranges = RangeSplitter.Split(query.StartMs, query.EndMs, maxRangeMs);
        var parts = new DecodedResponse?[ranges.Count];
        try
        {
            if (ranges.Count == 1)
            {
                parts[0] = await ReadRangeAsync(query, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, ranges.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
                    async (i, ct) => parts[i] = await ReadRangeAsync(
                        query with { StartMs = ranges[i].StartMs, EndMs = ranges[i].EndMs }, ct).ConfigureAwait(false)).ConfigureAwait(false);
            }

            return SeriesAssembler.Assemble(parts!);
        }
        finally
        {
            foreach (var part in parts)
            {
                part?.Dispose();
            }
        }
    }

    /// <summary>Disposes the HTTP client when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<DecodedResponse> ReadRangeAsync(ReadQuery query, CancellationToken cancellationToken)
    {
        var body = ReadRequestEncoder.Encode(query, _options.AcceptedResponseTypes);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(query, body, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteReadException e) when (e.IsRetryable && attempt < _options.MaxRetries)
            {
                var delay = _backoff.Delay(attempt, (e as RemoteReadHttpException)?.RetryAfter);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<DecodedResponse> SendAsync(ReadQuery query, byte[] body, int attempt, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        int? status = null;
        RemoteReadResponseType? responseType = null;
        using var timeout = new CancellationTokenSource(_options.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        try
        {
            using var response = await SendFollowingRedirectsAsync(body, token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = await ErrorBodyExcerpt.ReadAsync(response.Content, token).ConfigureAwait(false);
                throw new RemoteReadHttpException(
                    $"remote read {_redactedUrl} returned {status} {response.ReasonPhrase}: {excerpt}",
                    status.Value,
                    excerpt,
                    RetryAfter(response));
            }

            responseType = ResponseContentType.Classify(response.Content.Headers.ContentType);
            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var decoded = responseType == RemoteReadResponseType.StreamedXorChunks
                    ? await StreamedResponseDecoder.DecodeAsync(stream, query.StartMs, query.EndMs, _limits, token).ConfigureAwait(false)
                    : await DecodeSamplesAsync(stream, response.Content.Headers.ContentLength, query, token).ConfigureAwait(false);
                Report(started, status, decoded.BodyBytes, decoded.Samples, decoded.Parts.Count, RemoteReadOutcome.Success, attempt, responseType);
                return decoded;
            }
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested &&
                                  e is OperationCanceledException or IOException or HttpRequestException)
        {
            Report(started, status, 0, 0, 0, RemoteReadOutcome.Timeout, attempt, responseType);
            throw new RemoteReadTimeoutException(
                $"remote read {_redactedUrl} did not complete within remote_timeout={_options.RemoteTimeout}", _options.RemoteTimeout, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Report(started, status, 0, 0, 0, RemoteReadOutcome.Canceled, attempt, responseType);
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Report(started, status, 0, 0, 0, RemoteReadOutcome.ConnectionError, attempt, responseType);
            var phase = status is null ? "request failed" : $"response body broke off after {status}";
            throw new RemoteReadConnectionException($"remote read {_redactedUrl}: {phase}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // An injected HttpClient's own Timeout surfaces as a cancellation the caller did not ask for.
            Report(started, status, 0, 0, 0, RemoteReadOutcome.Timeout, attempt, responseType);
            throw new RemoteReadTimeoutException($"remote read {_redactedUrl} timed out: {e.Message}", _options.RemoteTimeout, e);
        }
        catch (RemoteReadException e)
        {
            var outcome = e switch
            {
                RemoteReadHttpException => RemoteReadOutcome.HttpError,
                RemoteReadLimitException => RemoteReadOutcome.LimitExceeded,
                RemoteReadCredentialsException => RemoteReadOutcome.CredentialsError,
                _ => RemoteReadOutcome.ProtocolError,
            };
            Report(started, status, 0, 0, 0, outcome, attempt, responseType);
            throw;
        }
    }

    /// <summary>
    /// Posts <paramref name="body"/> and follows 307 and 308 redirects (which keep the method and body) within the
    /// configured URL's origin, at most <see cref="SameOriginRedirects.MaxRedirects"/> times, sending headers and credentials again only
    /// there. A redirect to another scheme, host or port, or one that would turn the POST into a GET, fails.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(byte[] body, CancellationToken token)
    {
        var url = _options.Url;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ResponseContentType.Samples);
            request.Content.Headers.ContentEncoding.Add("snappy");
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            request.Headers.Add("X-Prometheus-Remote-Read-Version", RemoteReadVersion);
            await _authenticator.ApplyAsync(request, token).ConfigureAwait(false);

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!SameOriginRedirects.IsRedirect(status))
            {
                return response;
            }

            using (response)
            {
                url = SameOriginRedirects.Target(_options.Url, _redactedUrl, url, response, redirects);
            }
        }
    }

    private async Task<DecodedResponse> DecodeSamplesAsync(Stream stream, long? contentLength, ReadQuery query, CancellationToken token)
    {
        var (buffer, length) = await BoundedBody.ReadRentedAsync(stream, contentLength, _limits.MaxResponseBytes, token).ConfigureAwait(false);
        try
        {
            return SamplesResponseDecoder.Decode(buffer.AsMemory(0, length), query.StartMs, query.EndMs, _limits);
        }
        finally
        {
            ResponseBuffers.Return(buffer);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - _time.GetUtcNow() : null;
    }

    private void Report(
        long started, int? status, long bytes, long samples, int series, RemoteReadOutcome outcome, int attempt, RemoteReadResponseType? type) =>
        _observer?.OnRequestCompleted(new RemoteReadRequestReport(
            _time.GetElapsedTime(started), status, bytes, samples, series, outcome, attempt, type));
}
