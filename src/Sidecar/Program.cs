using System.Runtime.InteropServices;
using Sidecar.Cli;
using Sidecar.Commands;

namespace Sidecar;

/// <summary>Composition root: registers the commands and hands the command line to <see cref="CliApp"/>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stopping));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stopping));

        var app = new CliApp("sidecar", "Seasonal anomaly detection for Prometheus, read through remote-read. Offline tools: sidecartool.",
        [
            new CheckConfigCommand(),
            new ReadCommand(),
            new RunCommand(),
        ])
        {
            // The offline tools left the service for sidecartool; say so to whoever still types the old command.
            Elsewhere = new Dictionary<string, string>
            {
                ["backtest"] = "sidecartool",
                ["cv"] = "sidecartool",
                ["tune"] = "sidecartool",
                ["sample-data"] = "sidecartool",
            },
        };
        return await app.RunAsync(args, Console.Out, Console.Error, stopping.Token).ConfigureAwait(false);
    }

    /// <summary>The first signal asks the running command to stop; a second one ends the process the default way.</summary>
    private static void Stop(PosixSignalContext context, CancellationTokenSource stopping)
    {
        if (!stopping.IsCancellationRequested)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }
}
