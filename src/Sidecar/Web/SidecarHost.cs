using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.Logging;
using Sidecar.Scheduling;
using Sidecar.Series;
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
    /// <exception cref="WebConfigException">The <c>--web.config.file</c> does not load.</exception>
    public static WebApplication Build(SidecarHostOptions options, TimeProvider? time = null, IModelFitter? fitter = null)
    {
        var web = WebConfigWatcher.Create(options.WebConfigFile, time ?? TimeProvider.System, out var problems)
            ?? throw new WebConfigException(problems);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var address = options.ListenAddress;
            Action<ListenOptions> listen = web.UsesTls
                ? l =>
                {
                    // Every handshake asks the watcher, so a renewed certificate or CA applies without a restart.
                    l.Protocols = HttpProtocols.Http1;
                    l.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => ValueTask.FromResult(web.Current.ServerOptions()) });
                }
                : _ => { };
            if (address.Host is null)
            {
                kestrel.ListenAnyIP(address.Port, listen);
            }
            else if (address.Host == "localhost")
            {
                kestrel.ListenLocalhost(address.Port, listen);
            }
            else
            {
                var ip = IPAddress.TryParse(address.Host, out var parsed) ? parsed : Dns.GetHostAddresses(address.Host)[0];
                kestrel.Listen(ip, address.Port, listen);
            }
        });
        SidecarLogging.Configure(builder.Logging, options.LogLevel, options.LogFormat);

        var registry = Metrics.NewCustomRegistry();
        if (options.Replica is { } replica)
        {
            // Before any family exists: prometheus-net applies static labels to every family of the registry.
            registry.SetStaticLabels(new Dictionary<string, string> { [OutputFamilyNames.ReplicaLabel] = replica });
        }

        ProcessMetrics.Register(registry);
        var services = builder.Services;
        services.AddSingleton(registry);
        services.AddSingleton(web);
        services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(registry));
        var scrapeGate = new ScrapeGate();
        services.AddSingleton(scrapeGate);
        services.AddSingleton<TimeProvider>(time ?? TimeProvider.System);
        services.AddSingleton<SelfMetrics>();
        services.AddSingleton<Readiness>();
        services.AddSingleton(new StateStore(options.StoragePath));
        services.AddSingleton<IModelFitter>(fitter ?? new GridModelFitter());
        services.AddSingleton(new SchedulerLimits(fitSpill: new WindowSpill(Path.Combine(options.StoragePath, "spill"), options.FitWindowMemoryBytes)));
        services.AddSingleton(new ExclusionStore(options.StoragePath, time ?? TimeProvider.System));
        services.AddSingleton<ExclusionMetrics>();
        services.AddSingleton<ForecastReadMetrics>();
        services.AddSingleton<ExclusionBook>();
        services.AddSingleton(new SidecarServiceOptions(options.ConfigFile, options.Version, options.Revision, options.AllowEmptyReload, options.Shard, options.Replica is not null, options.Replica));
        services.AddSingleton<SidecarService>();
        services.AddSingleton<IConfigReloader>(sp => sp.GetRequiredService<SidecarService>());
        services.AddHostedService(sp => sp.GetRequiredService<SidecarService>());
        services.AddHostedService<ReloadSignalHandler>();
        services.AddSingleton<AlertmanagerMetrics>();
        services.AddHostedService(sp =>
        {
            var service = sp.GetRequiredService<SidecarService>();
            return new SilencePoller(
                () => service.Alertmanager, sp.GetRequiredService<ExclusionBook>(), sp.GetRequiredService<AlertmanagerMetrics>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SilencePoller>>());
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        web.UseLogger(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<WebConfigWatcher>());
        app.UseWebConfig(web);
        app.MapSidecarEndpoints(
            registry,
            scrapeGate,
            app.Services.GetRequiredService<Readiness>(),
            app.Services.GetRequiredService<IConfigReloader>(),
            options.EnableLifecycle);
        var service = app.Services.GetRequiredService<SidecarService>();
        app.MapExclusionEndpoints(app.Services.GetRequiredService<ExclusionBook>(), () => service.Schedules.Keys.ToArray());
        app.MapForecastReadEndpoint(service.Forecasts, options.Replica, options.RemoteReadSampleLimit, app.Services.GetRequiredService<ForecastReadMetrics>());
        return app;
    }
}
