using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.Scheduling;

namespace Sidecar.Web;

/// <summary>
/// The HTTP surface, with Prometheus's paths and answers: <c>/metrics</c> (the injected registry, never the static
/// default, collected into memory inside the <see cref="ScrapeGate"/> and sent after leaving it), <c>/-/healthy</c>, <c>/-/ready</c> (503 until ready), <c>/-/reload</c> (POST or PUT; 403 unless
/// <c>--web.enable-lifecycle</c>; 500 with the errors when the new configuration is invalid).
/// </summary>
public static class SidecarEndpoints
{
    /// <summary>Maps every endpoint on <paramref name="endpoints"/>.</summary>
    public static IEndpointRouteBuilder MapSidecarEndpoints(
        this IEndpointRouteBuilder endpoints,
        CollectorRegistry registry,
        ScrapeGate scrapeGate,
        Readiness readiness,
        IConfigReloader reloader,
        bool enableLifecycle)
    {
        var metrics = endpoints.CreateApplicationBuilder()
            .Use(next => context => CollectInGateAsync(context, next, scrapeGate))
            .UseMiddleware<MetricServerMiddleware>(new MetricServerMiddleware.Settings { Registry = registry })
            .Build();
        endpoints.Map("/metrics", metrics);
        endpoints.MapMethods("/-/healthy", ["GET", "HEAD"], () => Results.Text("Sidecar is Healthy.\n"));
        endpoints.MapMethods("/-/ready", ["GET", "HEAD"], () => readiness.IsReady
            ? Results.Text("Sidecar is Ready.\n")
            : Results.Text($"Service Unavailable: {readiness.Reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapMethods("/-/reload", ["POST", "PUT"], async (CancellationToken cancellationToken) =>
        {
            if (!enableLifecycle)
            {
                return Results.Text("Lifecycle API is not enabled.\n", statusCode: StatusCodes.Status403Forbidden);
            }

            var result = await reloader.ReloadAsync(cancellationToken).ConfigureAwait(false);
            return result.Success
                ? Results.Ok()
                : Results.Text($"failed to reload config: {result.Error}\n", statusCode: StatusCodes.Status500InternalServerError);
        });
        endpoints.MapGet("/", () => Results.Text(
            "Sidecar: seasonal anomaly detection for Prometheus.\n/metrics  /-/healthy  /-/ready  /-/reload  /api/v1/exclusions  /api/v1/read (forecasts)\n"));
        return endpoints;
    }

    // The registry is written to memory inside the gate and sent to the client outside it, so a slow reader never
    // holds up a model switch (or another scrape) for longer than the collection itself.
    private static async Task CollectInGateAsync(HttpContext context, RequestDelegate next, ScrapeGate gate)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            using (await gate.EnterAsync(context.RequestAborted).ConfigureAwait(false))
            {
                await next(context).ConfigureAwait(false);
            }
        }
        finally
        {
            context.Response.Body = body;
        }

        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
