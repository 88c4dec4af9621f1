using Microsoft.AspNetCore.Http;

namespace Sidecar.Web;

/// <summary>Applies the web config to every request: its response headers, then basic authentication.</summary>
public static class WebConfigMiddleware
{
    /// <summary>Adds the middleware in front of every endpoint, <c>/-/healthy</c> included, as exporter-toolkit does.</summary>
    public static void UseWebConfig(this WebApplication app, WebConfigWatcher web)
    {
        app.Use(async (context, next) =>
        {
            var settings = web.Current;
            foreach (var (name, value) in settings.Config.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (!settings.Authenticates(context.Request.Headers.Authorization))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic";
                await context.Response.WriteAsync("Unauthorized\n").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
