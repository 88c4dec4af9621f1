using System.Globalization;
using System.Text.Json;
using Sidecar.RemoteRead;

namespace Sidecar.Testing;

/// <summary>
/// A real Prometheus (the <c>prometheus</c> binary on PATH, e.g. Debian's package) on a free 127.0.0.1 port, with
/// a temporary TSDB backfilled through <c>promtool tsdb create-blocks-from openmetrics</c>. Dispose to stop it and
/// delete its files. Not thread-safe to start/stop; queries may run concurrently.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly HttpClient _http;
    private readonly TempDirectory _directory;

    private PrometheusServer(ExternalProcess process, Uri baseAddress, TempDirectory directory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _directory = directory;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The remote-read endpoint, <c>/api/v1/read</c>.</summary>
    public Uri RemoteReadUrl => new(BaseAddress, "api/v1/read");

    /// <summary>The remote-write receiver, <c>/api/v1/write</c> (with <see cref="PrometheusServerOptions.EnableRemoteWriteReceiver"/>).</summary>
    public Uri RemoteWriteUrl => new(BaseAddress, "api/v1/write");

    /// <summary>Temporary directory holding config, OpenMetrics input and the TSDB.</summary>
    public string Directory => _directory.Path;

    /// <summary>The server's process id (to read its CPU time from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Prometheus's log so far (for assertion messages).</summary>
    public string Log => _process.Output;

    /// <summary>Backfills <paramref name="backfill"/>, starts Prometheus and waits until it is ready.</summary>
    /// <exception cref="InvalidOperationException">promtool failed or Prometheus did not become ready.</exception>
    public static async Task<PrometheusServer> StartAsync(
        IEnumerable<TimeSeries> backfill,
        PrometheusServerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PrometheusServerOptions();
        var temp = new TempDirectory("sidecar-prometheus-");
        var directory = temp.Path;
        var data = options.DataDirectory ?? temp.File("data");
        System.IO.Directory.CreateDirectory(data);
        try
        {
            var files = OpenMetricsWriter.Write(backfill, Path.Combine(directory, "openmetrics")).Concat(options.OpenMetricsFiles).ToList();
            await Parallel.ForEachAsync(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (file, ct) => await ExternalProcess.RunAsync(
                    "promtool", ["tsdb", "create-blocks-from", "openmetrics", file, data], ct).ConfigureAwait(false)).ConfigureAwait(false);

            var configFile = Path.Combine(directory, "prometheus.yml");
            var interval = $"{(int)options.ScrapeInterval.TotalMilliseconds}ms";
            await File.WriteAllTextAsync(
                configFile,
                $"global:\n  scrape_interval: {interval}\n  evaluation_interval: {interval}\n{options.ExtraConfigYaml}\n",
                cancellationToken).ConfigureAwait(false);

            var port = FreePort.Next();
            var args = new List<string>
            {
                $"--config.file={configFile}",
                $"--storage.tsdb.path={data}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=100y",
                "--web.enable-lifecycle",
                "--log.level=warn",
            };
            if (options.WebConfigYaml is not null)
            {
                var webConfig = Path.Combine(directory, "web.yml");
                await File.WriteAllTextAsync(webConfig, options.WebConfigYaml, cancellationToken).ConfigureAwait(false);
                args.Add($"--web.config.file={webConfig}");
            }

            if (options.EnableRemoteWriteReceiver)
            {
                args.Add("--web.enable-remote-write-receiver");
            }

            args.AddRange(options.ExtraArgs);
            var process = ExternalProcess.Start("prometheus", args, directory);
            var server = new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}/"), temp);
            try
            {
                await server.WaitReadyAsync(options.StartTimeout, options.WebConfigYaml is not null, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return server;
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>/api/v1/query_range</c> and returns its matrix.</summary>
    /// <param name="promql">The expression.</param>
    /// <param name="startMs">Start, unix milliseconds.</param>
    /// <param name="endMs">End, unix milliseconds.</param>
    /// <param name="step">Resolution step.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<QueryRangeSeries>> QueryRangeAsync(
        string promql, long startMs, long endMs, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string>
        {
            ["query"] = promql,
            ["start"] = OpenMetricsWriter.FormatTimestamp(startMs),
            ["end"] = OpenMetricsWriter.FormatTimestamp(endMs),
            ["step"] = step.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
        };
        using var doc = await PostAsync("api/v1/query_range", form, cancellationToken).ConfigureAwait(false);
        return ParseMatrix(doc.RootElement.GetProperty("data"));
    }

    /// <summary>Runs an instant <c>/api/v1/query</c> at <paramref name="timeMs"/> and returns its vector as 1-point series.</summary>
    public async Task<IReadOnlyList<QueryRangeSeries>> QueryAsync(string promql, long timeMs, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string>
        {
            ["query"] = promql,
            ["time"] = OpenMetricsWriter.FormatTimestamp(timeMs),
        };
        using var doc = await PostAsync("api/v1/query", form, cancellationToken).ConfigureAwait(false);
        return ParseMatrix(doc.RootElement.GetProperty("data"));
    }

    /// <summary>GETs a JSON API path (e.g. <c>api/v1/alerts</c>) and returns the parsed document.</summary>
    public async Task<JsonDocument> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(pathAndQuery, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body);
    }

    /// <summary>Asks Prometheus to reload its configuration (<c>POST /-/reload</c>).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync("-/reload", null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Kills Prometheus and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private async Task<JsonDocument> PostAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} {form["query"]}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body);
    }

    private static List<QueryRangeSeries> ParseMatrix(JsonElement data)
    {
        var result = new List<QueryRangeSeries>();
        var type = data.GetProperty("resultType").GetString();
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = LabelSet.From(item.GetProperty("metric").EnumerateObject()
                .Select(p => new Label(p.Name, p.Value.GetString() ?? "")));
            var points = type == "matrix"
                ? item.GetProperty("values").EnumerateArray().ToList()
                : [item.GetProperty("value")];
            var timestamps = new long[points.Count];
            var values = new double[points.Count];
            for (var i = 0; i < points.Count; i++)
            {
                timestamps[i] = (long)Math.Round(points[i][0].GetDouble() * 1000);
                values[i] = ParseValue(points[i][1].GetString()!);
            }

            result.Add(new QueryRangeSeries(labels, timestamps, values));
        }

        return result;
    }

    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private async Task WaitReadyAsync(TimeSpan timeout, bool authProtected, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited during start:\n{_process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync("-/ready", cancellationToken).ConfigureAwait(false);
                // Behind basic auth, a 401 still proves the server is up and serving; so does the 400 a TLS
                // listener gives this plain-HTTP probe.
                if (response.IsSuccessStatusCode || (authProtected && (int)response.StatusCode is 401 or 400))
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
                throw new InvalidOperationException($"prometheus not ready after {timeout}:\n{_process.Output}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
