using System.Globalization;
using Sidecar.RemoteRead.Client;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.QueryRange;

namespace Sidecar.RemoteRead;

/// <summary>
/// A client of the Prometheus HTTP API's <c>/api/v1/query_range</c>, for stores that serve PromQL (or MetricsQL)
/// but not remote read. <see cref="QueryRangeAsync"/> evaluates an expression on a step grid and returns the matrix
/// as series (timestamps unix milliseconds, values as the store wrote them, NaN and ±Inf included). It splits a
/// grid longer than <see cref="QueryRangeClientOptions.MaxPointsPerRequest"/> into consecutive requests run with
/// bounded concurrency, sends each as a POST form (no URL length limit for long selectors), retries 429, 5xx and
/// connection errors with backoff, and bounds every body. The same credentials, TLS, redirect rules and observer
/// reports as <see cref="RemoteReadClient"/>. A failed request never yields partial data. Thread-safe.
/// </summary>
public sealed class QueryRangeClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly QueryRangeClientOptions _options;
    private readonly IRemoteReadObserver? _observer;
    private readonly TimeProvider _time;
    private readonly RequestAuthenticator _authenticator;
    private readonly RetryBackoff _backoff;
    private readonly string _redactedUrl;

    /// <summary>Creates a client with its own connection pool, configured from <paramref name="options"/> (TLS included).</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public QueryRangeClient(QueryRangeClientOptions options, IRemoteReadObserver? observer = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid query_range options: " + string.Join("; ", problems));
        }

        _http = new HttpClient(RemoteReadClient.CreateHandler(options.Http), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _ownsHttp = true;
        _options = options;
        _observer = observer;
        _time = timeProvider ?? TimeProvider.System;
        _authenticator = new RequestAuthenticator(options.Http);
        _backoff = new RetryBackoff(options.Http.MinBackoff, options.Http.MaxBackoff, Random.Shared);
        _redactedUrl = RemoteReadClientOptions.Redact(options.Http.Url);
    }

    /// <summary>
    /// Evaluates <paramref name="query"/> at <paramref name="startMs"/>, <paramref name="startMs"/> + step, … up to
    /// <paramref name="endMs"/> (unix milliseconds, inclusive). Series are sorted by labels; a series with no point is
    /// omitted; an empty grid sends nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A blank query or a step that is not positive.</exception>
    /// <exception cref="RemoteReadException">A request failed after its retries; no partial result is returned.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(
        string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        if (endMs < startMs)
        {
            return [];
        }

        var chunks = Split(startMs, endMs, stepMs, _options.MaxPointsPerRequest);
        var parts = new List<TimeSeries>[chunks.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Http.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (i, ct) => parts[i] = await QueryChunkAsync(query, chunks[i].StartMs, chunks[i].EndMs, stepMs, ct).ConfigureAwait(false))
            .ConfigureAwait(false);
        return Concatenate(parts);
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Consecutive sub-grids of at most <paramref name="maxPoints"/> points covering the grid, none overlapping.</summary>
    internal static IReadOnlyList<(long StartMs, long EndMs)> Split(long startMs, long endMs, long stepMs, int maxPoints)
    {
        var chunks = new List<(long, long)>();
        var points = (endMs - startMs) / stepMs + 1;
        for (long first = 0; first < points; first += maxPoints)
        {
            var last = Math.Min(points - 1, first + maxPoints - 1);
            chunks.Add((startMs + first * stepMs, startMs + last * stepMs));
        }

        return chunks;
    }

    /// <summary>Joins each series' parts in chunk order (chunks are consecutive, so timestamps stay ascending).</summary>
    private static List<TimeSeries> Concatenate(List<TimeSeries>[] parts)
    {
        if (parts.Length == 1)
        {
            parts[0].Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
            return parts[0];
        }

        var byLabels = new Dictionary<LabelSet, List<TimeSeries>>();
        foreach (var part in parts)
        {
            foreach (var series in part)
            {
                if (!byLabels.TryGetValue(series.Labels, out var list))
                {
                    byLabels[series.Labels] = list = [];
                }

                list.Add(series);
            }
        }

        var result = new List<TimeSeries>(byLabels.Count);
        foreach (var (labels, list) in byLabels)
        {
            result.Add(list.Count == 1
                ? list[0]
                : new TimeSeries(labels, [.. list.SelectMany(s => s.TimestampsMs)], [.. list.SelectMany(s => s.Values)]));
        }

        result.Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        return result;
    }

    private async Task<List<TimeSeries>> QueryChunkAsync(string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["query"] = query,
            ["start"] = Seconds(startMs),
            ["end"] = Seconds(endMs),
            ["step"] = Seconds(stepMs),
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(form, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteReadException e) when (e.IsRetryable && attempt < _options.Http.MaxRetries)
            {
                var delay = _backoff.Delay(attempt, (e as RemoteReadHttpException)?.RetryAfter);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Seconds(long ms) => (ms / 1000m).ToString(CultureInfo.InvariantCulture);

    private async Task<List<TimeSeries>> SendAsync(Dictionary<string, string> form, int attempt, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        int? status = null;
        using var timeout = new CancellationTokenSource(_options.Http.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        try
        {
            using var response = await SendFollowingRedirectsAsync(form, token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = await ErrorBodyExcerpt.ReadAsync(response.Content, token).ConfigureAwait(false);
                throw new RemoteReadHttpException(
                    $"query_range {_redactedUrl} returned {status} {response.ReasonPhrase}: {excerpt}", status.Value, excerpt, RetryAfter(response));
            }

            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var (buffer, length) = await BoundedBody.ReadRentedAsync(
                    stream, response.Content.Headers.ContentLength, _options.Http.MaxResponseBytes, token).ConfigureAwait(false);
                try
                {
                    var series = MatrixResponseDecoder.Decode(buffer.AsSpan(0, length), _options.Http.MaxSamplesPerRequest, out var points);
                    Report(started, status, length, points, series.Count, RemoteReadOutcome.Success, attempt);
                    return series;
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
            Report(started, status, 0, 0, 0, RemoteReadOutcome.Timeout, attempt);
            throw new RemoteReadTimeoutException(
                $"query_range {_redactedUrl} did not complete within remote_timeout={_options.Http.RemoteTimeout}", _options.Http.RemoteTimeout, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Report(started, status, 0, 0, 0, RemoteReadOutcome.Canceled, attempt);
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Report(started, status, 0, 0, 0, RemoteReadOutcome.ConnectionError, attempt);
            var phase = status is null ? "request failed" : $"response body broke off after {status}";
            throw new RemoteReadConnectionException($"query_range {_redactedUrl}: {phase}: {e.Message}", e);
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
            Report(started, status, 0, 0, 0, outcome, attempt);
            throw;
        }
    }

    /// <summary>Posts the form, following same-origin 307 and 308 redirects as <see cref="RemoteReadClient"/> does.</summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Dictionary<string, string> form, CancellationToken token)
    {
        var url = _options.Http.Url;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.TryAddWithoutValidation("User-Agent", _options.Http.UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            await _authenticator.ApplyAsync(request, token).ConfigureAwait(false);

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!SameOriginRedirects.IsRedirect((int)response.StatusCode))
            {
                return response;
            }

            using (response)
            {
                url = SameOriginRedirects.Target(_options.Http.Url, _redactedUrl, url, response, redirects);
            }
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

    private void Report(long started, int? status, long bytes, long points, int series, RemoteReadOutcome outcome, int attempt) =>
        _observer?.OnRequestCompleted(new RemoteReadRequestReport(_time.GetElapsedTime(started), status, bytes, points, series, outcome, attempt, null));
}
