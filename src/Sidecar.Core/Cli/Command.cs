namespace Sidecar.Cli;

/// <summary>
/// A subcommand of <c>sidecar</c>. To add one: derive from this class in one file under <c>Cli/</c> (or next to the
/// code it drives), declare its <see cref="Flags"/> and <see cref="Arguments"/> in the constructor, implement
/// <see cref="RunAsync"/>, and register an instance in <c>Program.cs</c>. The framework parses and checks the
/// command line and handles <c>--help</c>; <see cref="RunAsync"/> gets typed values and returns the exit code.
/// </summary>
public abstract class Command
{
    /// <summary>Creates a command named <paramref name="name"/> (one or more words, e.g. <c>check config</c>).</summary>
    protected Command(string name, string summary)
    {
        Name = name;
        Summary = summary;
    }

    /// <summary>The words that select the command, space-separated.</summary>
    public string Name { get; }

    /// <summary>One line for the command list and help.</summary>
    public string Summary { get; }

    /// <summary>The flags the command accepts (besides <c>--help</c>).</summary>
    public IReadOnlyList<FlagSpec> Flags { get; protected init; } = [];

    /// <summary>Its positional arguments, or null when it takes none.</summary>
    public ArgumentSpec? Arguments { get; protected init; }

    /// <summary>
    /// Runs the command. Write results to <see cref="CommandContext.Out"/>, problems to
    /// <see cref="CommandContext.Error"/>; return an <see cref="ExitCodes"/> value. Stop promptly when
    /// <paramref name="cancellationToken"/> fires (SIGINT/SIGTERM). Throw <see cref="UsageException"/> for a wrong
    /// combination of flags.
    /// </summary>
    public abstract Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
