using Sidecar.Testing;

namespace Sidecar.Tests.Testing;

public sealed class FaultInjectionHarnessTests
{
    [Fact]
    public async Task TcpFaultProxy_EachMode_ForwardsRefusesOrHangs()
    {
        await using var server = LoopbackHttpServer.Start(r => LoopbackResponse.Metrics($"{r.Method} {r.Path}"));
        await using var proxy = TcpFaultProxy.Start(server.BaseAddress.Port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Port}/"), Timeout = TimeSpan.FromSeconds(1) };

        var forwarded = await http.GetStringAsync("x");
        proxy.Mode = ProxyMode.Down;
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("x"));
        proxy.Mode = ProxyMode.Stall;
        proxy.ResetCounters();
        await Assert.ThrowsAsync<TaskCanceledException>(() => http.GetStringAsync("x"));
        var maxOpenWhileStalled = proxy.MaxOpenConnections;
        proxy.Mode = ProxyMode.Forward;
        var again = await http.GetStringAsync("y");

        Assert.Equal("GET /x", forwarded);
        Assert.Contains("refused", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, maxOpenWhileStalled);
        Assert.Equal("GET /y", again);
    }

    [Fact]
    public async Task AlertmanagerServer_Start_IsReadyWithNoAlerts()
    {
        await using var alertmanager = await AlertmanagerServer.StartAsync(
            "route: {receiver: none}\nreceivers: [{name: none}]\n");

        Assert.Equal("[]", (await alertmanager.GetAlertsJsonAsync()).Trim());
    }
}
