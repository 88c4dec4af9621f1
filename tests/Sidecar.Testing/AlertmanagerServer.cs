namespace Sidecar.Testing;

/// <summary>
/// A real Alertmanager (the <c>prometheus-alertmanager</c> binary on PATH, Debian's package) on a free 127.0.0.1
/// port, clustering off, its storage in a temporary directory. Dispose to stop it and delete its files.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly HttpClient _http;
    private readonly TempDirectory _directory;

    private AlertmanagerServer(ExternalProcess process, Uri baseAddress, TempDirectory directory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _directory = directory;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Host and port, as Prometheus's <c>alerting.alertmanagers.static_configs.targets</c> wants them.</summary>
    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";

    /// <summary>Temporary directory holding the config and the storage.</summary>
    public string Directory => _directory.Path;

    /// <summary>Alertmanager's log so far (for assertion messages).</summary>
    public string Log => _process.Output;

    /// <summary>Writes <paramref name="configYaml"/> as <c>alertmanager.yml</c>, starts Alertmanager and waits until it is ready.</summary>
    /// <exception cref="InvalidOperationException">Alertmanager exited or did not become ready in time.</exception>
    public static async Task<AlertmanagerServer> StartAsync(string configYaml, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var temp = new TempDirectory("sidecar-alertmanager-");
        ExternalProcess process;
        int port;
        try
        {
            var config = temp.File("alertmanager.yml");
            await File.WriteAllTextAsync(config, configYaml, cancellationToken).ConfigureAwait(false);
            port = FreePort.Next();
            process = ExternalProcess.Start(
                "prometheus-alertmanager",
                [
                    $"--config.file={config}",
                    $"--storage.path={temp.File("data")}",
                    $"--web.listen-address=127.0.0.1:{port}",
                    "--cluster.listen-address=",
                    "--log.level=warn",
                ],
                temp.Path);
        }
        catch
        {
            temp.Dispose();
            throw;
        }

        var server = new AlertmanagerServer(process, new Uri($"http://127.0.0.1:{port}/"), temp);
        try
        {
            await server.WaitReadyAsync(startTimeout ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>GETs <c>api/v2/alerts</c> and returns the JSON text.</summary>
    public async Task<string> GetAlertsJsonAsync(CancellationToken cancellationToken = default) =>
        await _http.GetStringAsync("api/v2/alerts", cancellationToken).ConfigureAwait(false);

    /// <summary>POSTs <paramref name="alertsJson"/> (a JSON array of alerts) to <c>api/v2/alerts</c>.</summary>
    /// <exception cref="InvalidOperationException">Alertmanager refused them; the message holds its answer.</exception>
    public async Task PostAlertsAsync(string alertsJson, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(alertsJson, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("api/v2/alerts", content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"POST api/v2/alerts: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>Kills Alertmanager and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"alertmanager exited during start:\n{_process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync("-/ready", cancellationToken).ConfigureAwait(false);
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
                throw new InvalidOperationException($"alertmanager not ready after {timeout}:\n{_process.Output}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
