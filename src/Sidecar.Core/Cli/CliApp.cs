using Sidecar.Text;

namespace Sidecar.Cli;

/// <summary>
/// The <c>sidecar</c> command line: picks the command named by the leading words, parses its flags, runs it, and
/// turns usage mistakes into <c>sidecar: error: …</c> on stderr with exit code 2. <c>-h</c>/<c>--help</c> (or
/// <c>sidecar help [command]</c>) prints help to stdout; <c>--version</c> prints the build. Not thread-safe.
/// </summary>
public sealed class CliApp
{
    private readonly string _program;
    private readonly string _description;
    private readonly IReadOnlyList<Command> _commands;

    /// <summary>Creates the application with its commands, listed in help in the given order.</summary>
    /// <exception cref="ArgumentException">Two commands share a name.</exception>
    public CliApp(string program, string description, IEnumerable<Command> commands)
    {
        _program = program;
        _description = description;
        _commands = commands.ToArray();
        var duplicate = _commands.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"command \"{duplicate.Key}\" is registered twice", nameof(commands));
        }
    }

    /// <summary>
    /// Commands that another executable runs, by name: an unknown command found here is answered with where it is
    /// (<c>sidecar backtest</c>: "a command of sidecartool") instead of a spelling hint. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> Elsewhere { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs the command line <paramref name="args"/>; returns the process exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var flagsEnd = IndexOf(args, "--");
        var head = args.Take(flagsEnd).ToArray();
        if (head.Contains("--version"))
        {
            await stdout.WriteLineAsync(BuildInfo.VersionText(_program)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var wantsHelp = head.Contains("-h") || head.Contains("--help");
        var words = args.TakeWhile(a => !CommandLineParser.IsFlag(a) && a != "--").ToList();
        if (words.Count > 0 && words[0] == "help")
        {
            wantsHelp = true;
            words.RemoveAt(0);
            args = [.. args.Skip(1)];
        }

        Command? command;
        try
        {
            command = Match(words);
        }
        catch (UsageException e) when (!wantsHelp)
        {
            return await UsageErrorAsync(stderr, e.Message).ConfigureAwait(false);
        }
        catch (UsageException)
        {
            // "sidecar check --help": no command matched exactly; the application help lists the candidates.
            command = null;
        }

        if (command is null)
        {
            await stdout.WriteAsync(HelpWriter.App(_program, _description, _commands)).ConfigureAwait(false);
            return wantsHelp ? ExitCodes.Ok : ExitCodes.Usage;
        }

        if (wantsHelp)
        {
            await stdout.WriteAsync(HelpWriter.Command(_program, command)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        try
        {
            var parsed = CommandLineParser.Parse(command, rest);
            return await command.RunAsync(new CommandContext(parsed, stdout, stderr), cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return await UsageErrorAsync(stderr, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>The command whose name is the longest prefix of <paramref name="words"/>; null when there are no words.</summary>
    private Command? Match(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        var best = _commands
            .Where(c => c.Name.Split(' ') is var parts && parts.Length <= words.Count && parts.SequenceEqual(words.Take(parts.Length)))
            .MaxBy(c => c.Name.Length);
        if (best is not null)
        {
            return best;
        }

        var prefix = _commands.Where(c => c.Name.StartsWith(words[0] + " ", StringComparison.Ordinal)).ToArray();
        if (prefix.Length > 0)
        {
            var expected = string.Join(", ", prefix.Select(c => c.Name));
            throw new UsageException(words.Count > 1
                ? $"unknown command \"{string.Join(' ', words.Take(2))}\", expected one of: {expected}"
                : $"expected a subcommand: {expected}");
        }

        if (Elsewhere.TryGetValue(words[0], out var program))
        {
            throw new UsageException($"\"{words[0]}\" is a command of {program}: run {program} {words[0]}");
        }

        var names = _commands.Select(c => c.Name.Split(' ')[0]).Distinct();
        var hint = Suggest.Closest(words[0], names) is { } s ? $" (did you mean \"{s}\"?)" : "";
        throw new UsageException($"unknown command \"{words[0]}\"{hint}");
    }

    private async Task<int> UsageErrorAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"{_program}: error: {message}, try --help").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    private static int IndexOf(IReadOnlyList<string> args, string token)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == token)
            {
                return i;
            }
        }

        return args.Count;
    }
}
