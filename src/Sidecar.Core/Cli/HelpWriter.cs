using System.Text;

namespace Sidecar.Cli;

/// <summary>Renders kingpin-style help for the application and for one command.</summary>
internal static class HelpWriter
{
    public static string App(string program, string description, IReadOnlyList<Command> commands)
    {
        var sb = new StringBuilder();
        sb.Append($"usage: {program} [<flags>] <command> [<args> ...]\n\n{description}\n\n");
        sb.Append("Flags:\n");
        AppendRows(sb, [("-h, --help", "Show context-sensitive help (also try --help on a command)."), ("    --version", "Show application version.")]);
        sb.Append("\nCommands:\n");
        sb.Append("  help [<command>...]\n    Show help.\n\n");
        foreach (var command in commands)
        {
            sb.Append($"  {command.Name}{Synopsis(command)}\n    {command.Summary}\n\n");
        }

        return sb.ToString();
    }

    public static string Command(string program, Command command)
    {
        var sb = new StringBuilder();
        sb.Append($"usage: {program} {command.Name} [<flags>]{Synopsis(command)}\n\n{command.Summary}\n\n");
        sb.Append("Flags:\n");
        var rows = new List<(string, string)> { ("-h, --help", "Show context-sensitive help.") };
        foreach (var flag in command.Flags)
        {
            var left = (flag.Short is { } s ? $"-{s}, " : "    ") + "--" + flag.Name
                + (flag.Kind == FlagKind.Bool ? "" : $"={flag.Placeholder}");
            var help = flag.Help;
            if (flag.Choices is { } choices)
            {
                help += $" One of: {string.Join(", ", choices)}.";
            }

            if (flag.Required)
            {
                help += " Required.";
            }
            else if (flag.Default is { } d && flag.Kind != FlagKind.Bool)
            {
                help += $" Default: {d}.";
            }

            if (flag.Repeatable)
            {
                help += " Repeatable.";
            }

            rows.Add((left, help));
        }

        AppendRows(sb, rows);
        if (command.Arguments is { } args)
        {
            sb.Append("\nArgs:\n");
            AppendRows(sb, [($"<{args.Name}>", args.Help)]);
        }

        return sb.ToString();
    }

    private static string Synopsis(Command command) => command.Arguments switch
    {
        null => "",
        { Min: 0, Max: 1 } a => $" [<{a.Name}>]",
        { Max: 1 } a => $" <{a.Name}>",
        { Min: 0 } a => $" [<{a.Name}>...]",
        var a => $" <{a.Name}>...",
    };

    private static void AppendRows(StringBuilder sb, IReadOnlyList<(string Left, string Help)> rows)
    {
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, help) in rows)
        {
            sb.Append("  ").Append(left.PadRight(width)).Append(help).Append('\n');
        }
    }
}
