using Sidecar.Text;

namespace Sidecar.Cli;

/// <summary>
/// Parses a command's flags and arguments the way Prometheus's tools (kingpin) do: <c>--flag=value</c> or
/// <c>--flag value</c>, <c>--flag</c> / <c>--no-flag</c> for switches, flags and arguments in any order, <c>--</c>
/// ends the flags. Every value is checked against its flag's kind. Throws <see cref="UsageException"/>.
/// </summary>
internal static class CommandLineParser
{
    public static ParsedArguments Parse(Command command, IReadOnlyList<string> tokens)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token == "--")
            {
                positionals.AddRange(tokens.Skip(i + 1));
                break;
            }

            if (!IsFlag(token))
            {
                positionals.Add(token);
                continue;
            }

            var (flag, inline) = Resolve(command, token);
            string value;
            if (inline is not null)
            {
                value = inline;
            }
            else if (flag.Kind == FlagKind.Bool)
            {
                value = token.StartsWith("--no-", StringComparison.Ordinal) && flag.Name != token[2..] ? "false" : "true";
            }
            else if (i + 1 < tokens.Count)
            {
                value = tokens[++i];
            }
            else
            {
                throw new UsageException($"expected a value for flag --{flag.Name}");
            }

            if (!FlagValues.TryConvert(flag, value, out _, out var error))
            {
                throw new UsageException(error);
            }

            if (!values.TryGetValue(flag.Name, out var list))
            {
                values[flag.Name] = list = [];
            }
            else if (!flag.Repeatable)
            {
                throw new UsageException($"flag --{flag.Name} cannot be repeated");
            }

            list.Add(value);
        }

        foreach (var flag in command.Flags.Where(f => f.Required && !values.ContainsKey(f.Name)))
        {
            throw new UsageException($"required flag --{flag.Name} not provided");
        }

        CheckPositionals(command, positionals);
        return new ParsedArguments(values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value), positionals);
    }

    /// <summary>True for <c>-x…</c> and <c>--x…</c>, but not for <c>-</c> (stdin) or a negative number.</summary>
    public static bool IsFlag(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    private static (FlagSpec Flag, string? Inline) Resolve(Command command, string token)
    {
        var isLong = token.StartsWith("--", StringComparison.Ordinal);
        var body = token[(isLong ? 2 : 1)..];
        var eq = body.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? body : body[..eq];
        var inline = eq < 0 ? null : body[(eq + 1)..];
        FlagSpec? flag;
        if (isLong)
        {
            flag = command.Flags.FirstOrDefault(f => f.Name == name)
                ?? (name.StartsWith("no-", StringComparison.Ordinal) && inline is null
                    ? command.Flags.FirstOrDefault(f => f.Kind == FlagKind.Bool && f.Name == name[3..])
                    : null);
        }
        else
        {
            flag = name.Length == 1 ? command.Flags.FirstOrDefault(f => f.Short == name[0]) : null;
        }

        if (flag is null)
        {
            var known = command.Flags.Select(f => f.Name).Append("help");
            var hint = Suggest.Closest(name, known) is { } s ? $" (did you mean --{s}?)" : "";
            throw new UsageException($"unknown {(isLong ? "long" : "short")} flag '{(isLong ? "--" : "-")}{name}'{hint}");
        }

        return (flag, inline);
    }

    private static void CheckPositionals(Command command, List<string> positionals)
    {
        var spec = command.Arguments;
        if (spec is null)
        {
            if (positionals.Count > 0)
            {
                throw new UsageException($"unexpected argument '{positionals[0]}'");
            }

            return;
        }

        if (positionals.Count < spec.Min)
        {
            throw new UsageException($"required argument '{spec.Name}' not provided");
        }

        if (positionals.Count > spec.Max)
        {
            throw new UsageException($"unexpected argument '{positionals[spec.Max]}'");
        }
    }
}
