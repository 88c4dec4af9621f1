using System.Globalization;
using System.Text;
using System.Text.Json;
using Sidecar.RemoteRead;

namespace Sidecar.Testing;

/// <summary>
/// A real single-node VictoriaMetrics (the <c>victoria-metrics</c> binary on PATH, e.g. Debian's package) on a free
/// 127.0.0.1 port with a temporary data directory, caching off and no latency offset (so backfilled and fresh
/// points are queryable at once). It serves <c>/api/v1/query_range</c> but not remote read. Backfill goes through
/// <c>/api/v1/import</c> (JSON lines: exact millisecond timestamps). Dispose to stop it and delete its files.
/// Not thread-safe to start/stop; imports and queries may run concurrently.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly HttpClient _http;
    private readonly TempDirectory _directory;

    private VictoriaMetricsServer(ExternalProcess process, Uri baseAddress, TempDirectory directory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _directory = directory;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The query-range endpoint, <c>/api/v1/query_range</c>.</summary>
    public Uri QueryRangeUrl => new(BaseAddress, "api/v1/query_range");

    /// <summary>VictoriaMetrics's log so far (for assertion messages).</summary>
    public string Log => _process.Output;

    /// <summary>Starts VictoriaMetrics, waits until <c>/health</c> answers, and imports <paramref name="backfill"/>.</summary>
    /// <exception cref="InvalidOperationException">It did not become healthy, or the import failed.</exception>
    public static async Task<VictoriaMetricsServer> StartAsync(IEnumerable<TimeSeries> backfill, CancellationToken cancellationToken = default)
    {
        var temp = new TempDirectory("sidecar-victoriametrics-");
        var port = FreePort.Next();
        var process = ExternalProcess.Start("victoria-metrics",
        [
            $"-storageDataPath={temp.File("data")}",
            $"-httpListenAddr=127.0.0.1:{port}",
            "-retentionPeriod=100y",
            "-search.disableCache",
            "-search.latencyOffset=0s",
            "-loggerLevel=WARN",
        ], temp.Path);
        var server = new VictoriaMetricsServer(process, new Uri($"http://127.0.0.1:{port}/"), temp);
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            await server.ImportAsync(backfill, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>Imports <paramref name="series"/> (finite values only) through <c>/api/v1/import</c> and flushes, so they are searchable at once.</summary>
    public async Task ImportAsync(IEnumerable<TimeSeries> series, CancellationToken cancellationToken = default)
    {
        var lines = new StringBuilder();
        foreach (var s in series)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartObject("metric");
                foreach (var label in s.Labels)
                {
                    json.WriteString(label.Name, label.Value);
                }

                json.WriteEndObject();
                json.WriteStartArray("values");
                foreach (var v in s.Values)
                {
                    // JSON numbers have no NaN or infinity (and VictoriaMetrics reads a NaN as a staleness marker).
                    json.WriteNumberValue(double.IsFinite(v) ? v : throw new ArgumentException($"{s.Labels}: only finite values can be imported"));
                }

                json.WriteEndArray();
                json.WriteStartArray("timestamps");
                foreach (var t in s.TimestampsMs)
                {
                    json.WriteNumberValue(t);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            lines.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        using var content = new StringContent(lines.ToString(), Encoding.UTF8);
        using var response = await _http.PostAsync("api/v1/import", content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        using var flush = await _http.GetAsync("internal/force_flush", cancellationToken).ConfigureAwait(false);
        flush.EnsureSuccessStatusCode();
    }

    /// <summary>POSTs a form to <paramref name="path"/> and returns the status and body (for probing other endpoints).</summary>
    public async Task<(int Status, string Body)> PostAsync(string path, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Kills VictoriaMetrics and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"victoria-metrics exited during start:\n{_process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync("health", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"victoria-metrics not healthy within {timeout.TotalSeconds}s:\n{_process.Output}"));
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
