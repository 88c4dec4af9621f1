using Microsoft.AspNetCore.Http;

namespace Sidecar.Web;

/// <summary>Applies the web config to every request: its response headers, then basic authentication.</summary>
public static class WebConfigMiddleware
{
    /// <summary>The key in <see cref="HttpContext.Items"/> holding the authenticated basic-auth user, if any.</summary>
    public const string UserItem = "sidecar.user";

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

            if (!settings.Authenticates(context.Request.Headers.Authorization, out var user))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic";
                await context.Response.WriteAsync("Unauthorized\n").ConfigureAwait(false);
                return;
            }

            if (user is not null)
            {
                context.Items[UserItem] = user;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
