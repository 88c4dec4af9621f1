using Sidecar.RemoteRead.Alertmanager;
using Sidecar.RemoteRead.Client;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead;

/// <summary>
/// A client of Alertmanager's <c>GET /api/v2/silences</c>: lists every silence (active, pending and recently
/// expired), and when the alerts each one mutes started (<c>GET /api/v2/alerts</c> beside it). The same HTTP machinery as <see cref="RemoteReadClient"/>: <c>http_config</c> credentials and TLS,
/// same-origin redirects, <c>remote_timeout</c> per request, retries of 429, 5xx and connection errors with backoff,
/// and a body bounded by <c>max_response_bytes</c>. Thread-safe.
/// </summary>
public sealed class SilencesClient : IDisposable
{
    /// <summary>The most silences one answer may list.</summary>
    public const int MaxSilences = 10_000;

    private readonly HttpClient _http;
    private readonly RemoteReadClientOptions _options;
    private readonly TimeProvider _time;
    private readonly RequestAuthenticator _authenticator;
    private readonly RetryBackoff _backoff;
    private readonly string _redactedUrl;

    /// <summary>Creates a client with its own connection pool; <see cref="RemoteReadClientOptions.Url"/> is the silences endpoint.</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public SilencesClient(RemoteReadClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid alertmanager options: " + string.Join("; ", problems));
        }

        _http = new HttpClient(RemoteReadClient.CreateHandler(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _authenticator = new RequestAuthenticator(options);
        _backoff = new RetryBackoff(options.MinBackoff, options.MaxBackoff, Random.Shared);
        _redactedUrl = RemoteReadClientOptions.Redact(options.Url);
    }

    /// <summary>Every silence Alertmanager lists, in its order.</summary>
    /// <exception cref="RemoteReadException">The request failed after its retries, or the answer is not a silences list.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IReadOnlyList<Silence>> ListAsync(CancellationToken cancellationToken = default) =>
        WithRetriesAsync(_options.Url, body => SilencesDecoder.Decode(body, MaxSilences), cancellationToken);

    /// <summary>
    /// For each silence that mutes an alert now, when the earliest of those alerts started: Alertmanager starts a new
    /// silence when it is created, after the incident began, while the alert's <c>startsAt</c> is when it began. Reads
    /// <c>GET /api/v2/alerts?silenced=true&amp;filter=alertname="…"</c> beside the silences URL.
    /// </summary>
    /// <exception cref="RemoteReadException">The request failed after its retries, or the answer is not an alerts list.</exception>
    public Task<IReadOnlyDictionary<string, DateTimeOffset>> SilencedSinceAsync(string alertName, CancellationToken cancellationToken = default)
    {
        var filter = Uri.EscapeDataString($"alertname=\"{alertName}\"");
        var url = new Uri(_options.Url, $"alerts?active=true&silenced=true&inhibited=true&unprocessed=false&filter={filter}");
        return WithRetriesAsync(url, body => SilencesDecoder.DecodeSilencedSince(body, MaxSilences), cancellationToken);
    }

    private async Task<T> WithRetriesAsync<T>(Uri url, Func<ReadOnlyMemory<byte>, T> decode, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(url, decode, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteReadException e) when (e.IsRetryable && attempt < _options.MaxRetries)
            {
                await Task.Delay(_backoff.Delay(attempt, (e as RemoteReadHttpException)?.RetryAfter), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(Uri url, Func<ReadOnlyMemory<byte>, T> decode, CancellationToken cancellationToken)
    {
        int? status = null;
        using var timeout = new CancellationTokenSource(_options.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        try
        {
            using var response = await SendFollowingRedirectsAsync(url, token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = await ErrorBodyExcerpt.ReadAsync(response.Content, token).ConfigureAwait(false);
                throw new RemoteReadHttpException($"silences {_redactedUrl} returned {status} {response.ReasonPhrase}: {excerpt}", status.Value, excerpt);
            }

            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var (buffer, length) = await BoundedBody.ReadRentedAsync(
                    stream, response.Content.Headers.ContentLength, _options.MaxResponseBytes, token).ConfigureAwait(false);
                try
                {
                    return decode(buffer.AsMemory(0, length));
                }
                finally
                {
                    ResponseBuffers.Return(buffer);
                }
            }
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested &&
                                  e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new RemoteReadTimeoutException(
                $"silences {_redactedUrl} did not complete within remote_timeout={_options.RemoteTimeout}", _options.RemoteTimeout, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var phase = status is null ? "request failed" : $"response body broke off after {status}";
            throw new RemoteReadConnectionException($"silences {_redactedUrl}: {phase}: {e.Message}", e);
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Uri first, CancellationToken token)
    {
        var url = first;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            await _authenticator.ApplyAsync(request, token).ConfigureAwait(false);

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!SameOriginRedirects.IsRedirect((int)response.StatusCode))
            {
                return response;
            }

            using (response)
            {
                url = SameOriginRedirects.Target(first, _redactedUrl, url, response, redirects);
            }
        }
    }
}
