using Microsoft.Extensions.Time.Testing;
using Sidecar.Syntax;
using Sidecar.Testing;
using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Demo;

public sealed class SampleTrafficServerTests
{
    [Fact]
    public async Task RunAsync_Scraped_ServesTheLiveSeriesUntilCancelled()
    {
        var end = new DateTimeOffset(2025, 11, 26, 15, 42, 0, TimeSpan.Zero);
        var traffic = LiveSampleTraffic.Create(new SampleDataOptions { End = end, Days = 1, Series = 4 });
        var time = new FakeTimeProvider(end.AddMinutes(5));
        var port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var server = SampleTrafficServer.RunAsync(traffic, new ListenAddress("127.0.0.1", port), time, stop.Token);
        var body = await GetWithRetryAsync(http, $"http://127.0.0.1:{port}/metrics");
        await stop.CancelAsync();
        await server.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(traffic.Render(end.AddMinutes(5).ToUnixTimeSeconds()), body);
        Assert.Contains("http_requests_total{code=\"200\",instance=\"api-0:8080\",job=\"api\",route=\"/api/v1/messages\"} ", body, StringComparison.Ordinal);
    }

    private static async Task<string> GetWithRetryAsync(HttpClient http, string url)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
