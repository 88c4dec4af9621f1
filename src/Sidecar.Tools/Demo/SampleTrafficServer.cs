using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Sidecar.Syntax;

namespace Sidecar.Tools.Demo;

/// <summary>
/// Serves <see cref="LiveSampleTraffic"/> on <c>GET /metrics</c> for Prometheus to scrape (with
/// <c>honor_labels: true</c>, so the series keep their <c>job</c> and <c>instance</c>), until cancelled.
/// </summary>
public static class SampleTrafficServer
{
    /// <summary>Listens on <paramref name="address"/> and serves until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task RunAsync(LiveSampleTraffic traffic, ListenAddress address, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address.Host is null)
            {
                kestrel.ListenAnyIP(address.Port);
            }
            else if (address.Host == "localhost")
            {
                kestrel.ListenLocalhost(address.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.TryParse(address.Host, out var ip) ? ip : Dns.GetHostAddresses(address.Host)[0], address.Port);
            }
        });
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(
            traffic.Render(time.GetUtcNow().ToUnixTimeSeconds()), "text/plain; version=0.0.4; charset=utf-8"));
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
