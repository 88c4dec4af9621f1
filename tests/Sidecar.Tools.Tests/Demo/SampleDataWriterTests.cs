using System.Globalization;
using System.Text.Json;
using Sidecar.Tools.Demo;
using Sidecar.Testing;

namespace Sidecar.Tools.Tests.Demo;

public sealed class SampleDataWriterTests : IDisposable
{
    // Wednesday 2025-11-26 15:42:37 UTC: a fixed past end keeps the test reproducible.
    private static readonly DateTimeOffset s_end = new(2025, 11, 26, 15, 42, 37, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("sidecar-sample-");
    private readonly string _directory;

    public SampleDataWriterTests()
    {
        _directory = _temp.File("out");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_OneDay_OneFilePerTwoHourWindowEachEndingInEof()
    {
        var summary = SampleDataWriter.Write(new SampleDataOptions { End = s_end, Days = 1, Series = 4 }, _directory);

        // 24 hours ending 15:42 touch 13 epoch-aligned two-hour windows (14:00-16:00 twice over).
        Assert.Equal(13, summary.Files.Count);
        Assert.Equal(summary.Files.Order(StringComparer.Ordinal), summary.Files);
        Assert.All(summary.Files, f => Assert.EndsWith("\n# EOF\n", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.Equal(1440L * 4, summary.SampleCount);
    }

    [Fact]
    public void Write_FourteenDays_ManifestNamesTheScenario()
    {
        var summary = SampleDataWriter.Write(new SampleDataOptions { End = s_end, Days = 14, Series = 4 }, _directory);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, SampleDataWriter.ManifestFileName)));
        var root = manifest.RootElement;
        Assert.Equal("Europe/Berlin", root.GetProperty("time_zone").GetString());
        Assert.Equal("2025-11-26T15:42:00Z", root.GetProperty("end").GetString());
        Assert.Equal("2025-11-19", root.GetProperty("holiday").GetString());
        Assert.Equal("2025-11-21T13:10:00Z", root.GetProperty("outage").GetProperty("start").GetString());
        Assert.Equal("2025-11-26T15:27:00Z", root.GetProperty("anomaly").GetProperty("start").GetString());
        Assert.Equal(3, root.GetProperty("metrics").GetProperty("http_requests_total").GetInt32());
        Assert.Equal(summary.SampleCount, root.GetProperty("samples").GetInt64());
    }

    [Fact]
    public void Write_AgainWithFewerDays_LeavesOnlyTheNewFiles()
    {
        SampleDataWriter.Write(new SampleDataOptions { End = s_end, Days = 3, Series = 2 }, _directory);
        var summary = SampleDataWriter.Write(new SampleDataOptions { End = s_end, Days = 1, Series = 2 }, _directory);

        Assert.Equal(
            summary.Files.Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(_directory, "*.om").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Write_BackfilledWithPromtool_PrometheusSeesEverySampleAndTheAnomaly()
    {
        var summary = SampleDataWriter.Write(new SampleDataOptions { End = s_end, Days = 2, Series = 16 }, _directory);
        var data = Path.Combine(_directory, "data");
        foreach (var file in summary.Files)
        {
            await ExternalProcess.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", file, data]);
        }

        var list = await ExternalProcess.RunAsync("promtool", ["tsdb", "list", data]);
        var samples = list.Split('\n').Skip(1).Where(l => l.Length > 0)
            .Sum(l => long.Parse(l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture));
        Assert.Equal(summary.SampleCount, samples);

        await using var prometheus = await StartPrometheusAsync(data);
        var endMs = summary.Scenario.EndSeconds * 1000;
        var requests = await QueryScalarAsync(prometheus, "count(http_requests_total)", endMs);
        var queues = await QueryScalarAsync(prometheus, "count(queue_depth)", endMs);
        var errorsNow = await QueryScalarAsync(prometheus, "sum(rate(http_requests_total{code=\"500\"}[10m]))", endMs);
        var errorsDayBefore = await QueryScalarAsync(prometheus, "sum(rate(http_requests_total{code=\"500\"}[10m]))", endMs - 86_400_000);

        Assert.Equal(15, requests);
        Assert.Equal(1, queues);
        Assert.True(errorsNow > 20 * errorsDayBefore, $"500s now {errorsNow}/s, the day before {errorsDayBefore}/s");
    }

    private static async Task<double> QueryScalarAsync(RunningPrometheus prometheus, string promql, long timeMs)
    {
        using var doc = await prometheus.GetJsonAsync(
            $"api/v1/query?query={Uri.EscapeDataString(promql)}&time={OpenMetricsWriter.FormatTimestamp(timeMs)}");
        var result = Assert.Single(doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        return double.Parse(result.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private async Task<RunningPrometheus> StartPrometheusAsync(string data)
    {
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 15s\n");
        var port = FreePort.Next();
        var process = ExternalProcess.Start(
            "prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=100y"]);
        var running = new RunningPrometheus(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await running.WaitReadyAsync(TimeSpan.FromSeconds(60));
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    private sealed class RunningPrometheus(ExternalProcess process, Uri baseAddress) : IAsyncDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

        public async Task<JsonDocument> GetJsonAsync(string pathAndQuery)
        {
            var body = await _http.GetStringAsync(pathAndQuery);
            return JsonDocument.Parse(body);
        }

        public async Task WaitReadyAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                Assert.False(process.HasExited, $"prometheus exited:\n{process.Output}");
                try
                {
                    using var response = await _http.GetAsync("-/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                Assert.True(DateTime.UtcNow < deadline, $"prometheus not ready after {timeout}:\n{process.Output}");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await process.DisposeAsync();
        }
    }
}
