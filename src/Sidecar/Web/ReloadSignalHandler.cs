using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Sidecar.Scheduling;

namespace Sidecar.Web;

/// <summary>Reloads the configuration on SIGHUP, as Prometheus does. A no-op where POSIX signals do not exist.</summary>
public sealed partial class ReloadSignalHandler : IHostedService, IDisposable
{
    private readonly IConfigReloader _reloader;
    private readonly ILogger<ReloadSignalHandler> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private PosixSignalRegistration? _registration;

    /// <summary>Creates the handler; nothing is registered until <see cref="StartAsync"/>.</summary>
    public ReloadSignalHandler(IConfigReloader reloader, ILogger<ReloadSignalHandler> logger)
    {
        _reloader = reloader;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        _registration = null;
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration?.Dispose();
        _stopping.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the default action of SIGHUP would terminate the process.
        context.Cancel = true;
        LogSignal(_logger);
        _ = Task.Run(() => _reloader.ReloadAsync(_stopping.Token));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP received, reloading the configuration")]
    private static partial void LogSignal(ILogger logger);
}
