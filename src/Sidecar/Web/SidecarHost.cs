using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.Logging;
using Sidecar.Scheduling;
using Sidecar.State;

namespace Sidecar.Web;

/// <summary>
/// Composes <c>sidecar run</c>: Kestrel on the listen address, the endpoints, the service and everything it is
/// given (one metrics registry, the clock, the state store, the models), all injected, none global.
/// </summary>
public static class SidecarHost
{
    /// <summary>Builds the application; <see cref="IHost"/> start/stop runs it.</summary>
    /// <param name="options">The parsed flags.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <param name="fitter">The models; the real ones when null.</param>
    public static WebApplication Build(SidecarHostOptions options, TimeProvider? time = null, IModelFitter? fitter = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var address = options.ListenAddress;
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
                var ip = IPAddress.TryParse(address.Host, out var parsed) ? parsed : Dns.GetHostAddresses(address.Host)[0];
                kestrel.Listen(ip, address.Port);
            }
        });
        SidecarLogging.Configure(builder.Logging, options.LogLevel, options.LogFormat);

        var registry = Metrics.NewCustomRegistry();
        ProcessMetrics.Register(registry);
        var services = builder.Services;
        services.AddSingleton(registry);
        services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(registry));
        services.AddSingleton<TimeProvider>(time ?? TimeProvider.System);
        services.AddSingleton<SelfMetrics>();
        services.AddSingleton<Readiness>();
        services.AddSingleton(new StateStore(options.StoragePath));
        services.AddSingleton<IModelFitter>(fitter ?? new GridModelFitter());
        services.AddSingleton(new SchedulerLimits());
        services.AddSingleton(new SidecarServiceOptions(options.ConfigFile, options.Version, options.Revision));
        services.AddSingleton<SidecarService>();
        services.AddSingleton<IConfigReloader>(sp => sp.GetRequiredService<SidecarService>());
        services.AddHostedService(sp => sp.GetRequiredService<SidecarService>());
        services.AddHostedService<ReloadSignalHandler>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        app.MapSidecarEndpoints(
            registry,
            app.Services.GetRequiredService<Readiness>(),
            app.Services.GetRequiredService<IConfigReloader>(),
            options.EnableLifecycle);
        return app;
    }
}
