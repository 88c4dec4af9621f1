using System.Net;
using Sidecar.Cli;
using Sidecar.Config.Binding;
using Sidecar.Logging;
using Sidecar.Series;
using Sidecar.Syntax;
using Sidecar.Web;

namespace Sidecar.Commands;

/// <summary>
/// <c>sidecar run --config.file F</c>: the service users deploy beside Prometheus. The configuration is checked
/// before anything starts (every problem printed, exit 1); then the sidecar serves <c>/metrics</c>,
/// <c>/-/healthy</c>, <c>/-/ready</c> and <c>/-/reload</c> until SIGINT or SIGTERM, and reloads on SIGHUP.
/// </summary>
public sealed class RunCommand : Command
{
    private static readonly FlagSpec ConfigFile = FlagSpec.String("config.file", "Sidecar configuration file.", "FILE") with { Required = true };

    private static readonly FlagSpec ListenAddressFlag = FlagSpec.String(
        "web.listen-address", "Address to listen on for /metrics and the API.", "ADDRESS") with { Default = ":9717" };

    private static readonly FlagSpec WebConfigFile = FlagSpec.String(
        "web.config.file", "[EXPERIMENTAL] Path to configuration file that can enable TLS or authentication (exporter-toolkit format).", "FILE");

    private static readonly FlagSpec StoragePath = FlagSpec.String(
        "storage.path", "Directory for fitted models kept across restarts.", "DIR") with { Default = "data/" };

    private static readonly FlagSpec EnableLifecycle = FlagSpec.Bool(
        "web.enable-lifecycle", "Enable reloading the configuration via HTTP POST /-/reload.");

    private static readonly FlagSpec AllowEmptyReload = FlagSpec.Bool(
        "config.allow-empty-reload", "Apply a reload to a configuration without selectors while selectors run (refused otherwise).");

    private static readonly FlagSpec LogLevelFlag = FlagSpec.String(
        "log.level", "Only log messages with the given severity or above.", "LEVEL") with { Default = "info", Choices = SidecarLogging.Levels };

    private static readonly FlagSpec LogFormatFlag = FlagSpec.String(
        "log.format", "Output format of log messages.", "FORMAT") with { Default = "logfmt", Choices = ["logfmt", "json"] };

    private static readonly FlagSpec ShardCount = FlagSpec.Int(
        "shard.count", "Number of replicas the selectors' series are split across (hash of the shaped labels modulo N).") with { Default = "1" };

    private static readonly FlagSpec ShardIndex = FlagSpec.Int(
        "shard.index", "This replica's shard, 0 to --shard.count - 1.", "I") with { Default = "0" };

    private static readonly FlagSpec ShardIndexFromHostname = FlagSpec.Bool(
        "shard.index-from-hostname", "Take --shard.index from the ordinal ending the host name (StatefulSet pod sidecar-3 is shard 3).");

    private static readonly FlagSpec ShardReplica = FlagSpec.String(
        "shard.replica", "Add label replica=NAME to every family on /metrics, for deduplicating replicas of one shard.", "NAME");

    private static readonly FlagSpec RemoteReadSampleLimit = FlagSpec.Int(
        "storage.remote.read-sample-limit", "Most forecast points one remote-read request to /api/v1/read may return (400 beyond).")
        with { Default = "1000000" };

    private static readonly FlagSpec FitWindowMemory = FlagSpec.String(
        "storage.fit-window-memory", "Most memory one fit window's values may take; a bigger window is kept in a file under --storage.path while it is fitted.", "SIZE")
        with { Default = "256MiB" };

    /// <summary>Creates the command.</summary>
    public RunCommand()
        : base("run", "Run the sidecar: read, fit, score and serve /metrics until stopped.")
    {
        Flags = [ConfigFile, ListenAddressFlag, WebConfigFile, StoragePath, EnableLifecycle, AllowEmptyReload, ShardCount, ShardIndex, ShardIndexFromHostname, ShardReplica, RemoteReadSampleLimit, FitWindowMemory, LogLevelFlag, LogFormatFlag];
    }

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var listen = ListenAddress.TryParse(args.String(ListenAddressFlag)!, out var listenError)
            ?? throw new UsageException($"invalid value for --web.listen-address: {listenError}");
        var shard = ParseShard(args);
        var replica = args.String(ShardReplica);
        if (replica is not null && replica.Length == 0)
        {
            throw new UsageException("invalid value for --shard.replica: must not be empty");
        }

        var sampleLimit = args.Int(RemoteReadSampleLimit)!.Value;
        if (sampleLimit <= 0)
        {
            throw new UsageException($"invalid value for --storage.remote.read-sample-limit: {sampleLimit}: must be positive");
        }

        if (!ByteSize.TryParse(args.String(FitWindowMemory)!, out var fitWindowMemory, out var sizeError))
        {
            throw new UsageException($"invalid value for --storage.fit-window-memory: {sizeError}");
        }

        var options = new SidecarHostOptions
        {
            FitWindowMemoryBytes = fitWindowMemory,
            ConfigFile = args.String(ConfigFile)!,
            ListenAddress = listen,
            WebConfigFile = args.String(WebConfigFile),
            StoragePath = args.String(StoragePath)!,
            EnableLifecycle = args.Bool(EnableLifecycle),
            AllowEmptyReload = args.Bool(AllowEmptyReload),
            Shard = shard.IsSharded ? shard : null,
            Replica = replica,
            RemoteReadSampleLimit = sampleLimit,
            LogLevel = SidecarLogging.ParseLevel(args.String(LogLevelFlag)!)!.Value,
            LogFormat = SidecarLogging.ParseFormat(args.String(LogFormatFlag)!)!.Value,
            Version = BuildInfo.Version,
            Revision = BuildInfo.Revision,
        };

        // Refuse to start on a broken file, as Prometheus does; reloads later keep the running config instead.
        var check = ConfigLoader.LoadFile(options.ConfigFile);
        foreach (var diagnostic in check.Diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        if (!check.IsValid)
        {
            return ExitCodes.Failure;
        }

        WebApplication built;
        try
        {
            built = SidecarHost.Build(options);
        }
        catch (WebConfigException e)
        {
            foreach (var problem in e.Problems)
            {
                await context.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }

        await using var app = built;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use (or not bindable) as an IOException.
            await context.Error.WriteLineAsync($"sidecar: cannot listen on {options.ListenAddress}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static SeriesShard ParseShard(ParsedArguments args)
    {
        var count = args.Int(ShardCount)!.Value;
        var index = args.Int(ShardIndex)!.Value;
        if (args.Bool(ShardIndexFromHostname))
        {
            if (args.IsSet(ShardIndex))
            {
                throw new UsageException("--shard.index and --shard.index-from-hostname are mutually exclusive");
            }

            // $HOSTNAME is the pod name in Kubernetes; the kernel's host name is the same there and the fallback elsewhere.
            var hostname = Environment.GetEnvironmentVariable("HOSTNAME") is { Length: > 0 } h ? h : Dns.GetHostName();
            index = SeriesShard.OrdinalOf(hostname)
                ?? throw new UsageException($"--shard.index-from-hostname: host name \"{hostname}\" does not end in -N (a StatefulSet pod ordinal)");
        }

        return SeriesShard.TryCreate(count, index, out var error) ?? throw new UsageException(error!);
    }
}
