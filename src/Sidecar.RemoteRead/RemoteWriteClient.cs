using System.Net.Http.Headers;
using Sidecar.RemoteRead.Client;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead;

/// <summary>
/// A Prometheus remote-write 1.0 sender: <see cref="WriteAsync"/> posts one <c>WriteRequest</c> (protobuf, snappy
/// block-compressed, with the spec's <c>Content-Encoding</c>, <c>Content-Type</c> and
/// <c>X-Prometheus-Remote-Write-Version</c> headers). As the spec asks, 5xx, 429 and connection errors (timeouts
/// included) are retried with exponential backoff and jitter, up to <c>max_retries</c>; any other 4xx is not, since
/// the same request would fail again. The same credentials, TLS and redirect rules as <see cref="RemoteReadClient"/>.
/// Thread-safe.
/// </summary>
public sealed class RemoteWriteClient : IDisposable
{
    /// <summary>The protocol version header's value for remote write 1.0.</summary>
    public const string ProtocolVersion = "0.1.0";

    private readonly HttpClient _http;
    private readonly RemoteWriteClientOptions _options;
    private readonly TimeProvider _time;
    private readonly RequestAuthenticator _authenticator;
    private readonly RetryBackoff _backoff;
    private readonly string _redactedUrl;

    /// <summary>Creates a client with its own connection pool, configured from <paramref name="options"/> (TLS included).</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public RemoteWriteClient(RemoteWriteClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid remote_write options: " + string.Join("; ", problems));
        }

        _http = new HttpClient(RemoteReadClient.CreateHandler(options.Http), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _authenticator = new RequestAuthenticator(options.Http);
        _backoff = new RetryBackoff(options.Http.MinBackoff, options.Http.MaxBackoff, Random.Shared);
        _redactedUrl = RemoteReadClientOptions.Redact(options.Http.Url);
    }

    /// <summary>The receiver's URL with any credentials removed (for logs).</summary>
    public string RedactedUrl => _redactedUrl;

    /// <summary>
    /// Sends <paramref name="series"/> in one request, retrying what the spec allows; <paramref name="retrying"/> is
    /// told of each failure that will be retried. Returns the number of retries it took.
    /// </summary>
    /// <exception cref="RemoteReadException">The request failed for good (a 4xx, or a retryable failure past <c>max_retries</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<int> WriteAsync(IReadOnlyList<TimeSeries> series, Action<RemoteReadException>? retrying, CancellationToken cancellationToken)
    {
        var body = WriteRequestEncoder.Encode(series);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await SendAsync(body, cancellationToken).ConfigureAwait(false);
                return attempt;
            }
            catch (RemoteReadException e) when ((e.IsRetryable || e is RemoteReadTimeoutException) && attempt < _options.Http.MaxRetries)
            {
                retrying?.Invoke(e);
                var delay = _backoff.Delay(attempt, (e as RemoteReadHttpException)?.RetryAfter);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private async Task SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Http.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        int? status = null;
        try
        {
            var url = _options.Http.Url;
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                request.Content.Headers.ContentEncoding.Add("snappy");
                request.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", ProtocolVersion);
                request.Headers.TryAddWithoutValidation("User-Agent", _options.Http.UserAgent);
                await _authenticator.ApplyAsync(request, token).ConfigureAwait(false);

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (SameOriginRedirects.IsRedirect(status.Value))
                {
                    url = SameOriginRedirects.Target(_options.Http.Url, _redactedUrl, url, response, redirects);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var excerpt = await ErrorBodyExcerpt.ReadAsync(response.Content, token).ConfigureAwait(false);
                    throw new RemoteReadHttpException(
                        $"remote write {_redactedUrl} returned {status} {response.ReasonPhrase}: {excerpt}", status.Value, excerpt, RetryAfter(response));
                }

                return;
            }
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested &&
                                  e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new RemoteReadTimeoutException(
                $"remote write {_redactedUrl} did not complete within remote_timeout={_options.Http.RemoteTimeout}", _options.Http.RemoteTimeout, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var phase = status is null ? "request failed" : $"response broke off after {status}";
            throw new RemoteReadConnectionException($"remote write {_redactedUrl}: {phase}: {e.Message}", e);
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
}
