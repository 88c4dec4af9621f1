using System.Net;
using Sidecar.Testing;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// The built <c>sidecar</c> binary (<c>sidecar.dll</c> next to the tests) running <c>sidecar run</c> on a fixed
/// loopback port, so Prometheus's scrape config can name it before it starts. Dispose kills it (SIGKILL), as a crash
/// or an OOM kill would.
/// </summary>
public sealed class SidecarProcess : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly HttpClient _http;

    private SidecarProcess(ExternalProcess process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Log => _process.Output;

    public bool HasExited => _process.HasExited;

    public static SidecarProcess Start(string configFile, int port, string storagePath, params string[] extraArgs)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "sidecar.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var process = ExternalProcess.Start(dotnet,
        [
            dll, "run",
            $"--config.file={configFile}",
            $"--web.listen-address=127.0.0.1:{port}",
            $"--storage.path={storagePath}",
            "--web.enable-lifecycle",
            "--log.level=debug",
            .. extraArgs,
        ]);
        return new SidecarProcess(process, port);
    }

    public async Task<HttpStatusCode?> StatusAsync(string path)
    {
        try
        {
            using var response = await _http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<List<ScrapedSample>> MetricsAsync() => ScrapedSample.Parse(await MetricsTextAsync());

    /// <summary>The <c>/metrics</c> body in the classic text format (what <c>promtool check metrics</c> reads).</summary>
    public async Task<string> MetricsTextAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Accept.ParseAdd("text/plain; version=0.0.4");
        using var response = await _http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>POSTs <paramref name="path"/>; returns the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string path)
    {
        using var response = await _http.PostAsync(path, null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends SIGHUP, as an operator reloading the configuration would.</summary>
    public Task SignalHangupAsync() => ExternalProcess.RunAsync("kill", ["-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>The value of the first sample of <paramref name="name"/> with all the given labels, or null.</summary>
    public async Task<double?> ValueAsync(string name, params (string Name, string Value)[] labels) =>
        (await MetricsAsync()).FirstOrDefault(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))?.Value;

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds; fails with the sidecar's log after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"sidecar exited while waiting for {what}:\n{Log}");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout} waiting for {what}; sidecar log:\n{Log}");
            await Task.Delay(200);
        }
    }

    public Task WaitReadyAsync(TimeSpan timeout) =>
        WaitUntilAsync(async () => await StatusAsync("-/ready") == HttpStatusCode.OK, timeout, "/-/ready");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
