using Sidecar.Cli;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.RemoteRead;
using Sidecar.Syntax;
using Sidecar.Text;

namespace Sidecar.Commands;

/// <summary>
/// <c>sidecar check config FILE...</c>: loads each file; prints every problem as <c>file:line:column: message</c>
/// on stderr, and for each valid file a one-line summary on stdout. Exit 0 when every file is valid (warnings
/// allowed), 1 otherwise.
/// </summary>
public sealed class CheckConfigCommand : Command
{
    /// <summary>Creates the command.</summary>
    public CheckConfigCommand()
        : base("check config", "Check sidecar configuration files; print every problem with file:line:column.")
    {
        Arguments = new ArgumentSpec("FILE", "Configuration files to check.", Min: 1, Max: int.MaxValue);
    }

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var exitCode = ExitCodes.Ok;
        foreach (var file in context.Args.Positionals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = ConfigLoader.LoadFile(file);
            foreach (var diagnostic in result.Diagnostics)
            {
                await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            if (result.Config is { } config)
            {
                await context.Out.WriteLineAsync($"{file}: valid: {Describe(config)}").ConfigureAwait(false);
            }
            else
            {
                exitCode = ExitCodes.Failure;
            }
        }

        return exitCode;
    }

    private static string Describe(SidecarConfig config) =>
        $"{config.RemoteReads.Count} remote_read, {(config.QueryRanges.Count > 0 ? $"{config.QueryRanges.Count} query_range, " : "")}{(config.RemoteWrites.Count > 0 ? $"{config.RemoteWrites.Count} remote_write, " : "")}{config.Selectors.Count} {(config.Selectors.Count == 1 ? "selector" : "selectors")}{Exposed(config.Exposition)}" +
        (config.Alertmanager is { } am ? $", silences from {RemoteReadClientOptions.Redact(am.Client.Url)} every {PromDuration.Format(am.PollInterval)}" : "");

    private static string Exposed(ExpositionConfig exposition) =>
        exposition.Families.Count == ExpositionConfig.AllFamilies.Count
            ? ""
            : $", /metrics families: {string.Join(", ", exposition.Families.Select(f => SnakeCase.From(f.ToString())))}";
}
