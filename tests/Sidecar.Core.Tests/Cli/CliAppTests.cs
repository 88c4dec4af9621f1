using Sidecar.Cli;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Cli;

public class CliAppTests
{
    [Theory]
    [InlineData(new[] { "probe", "--config.file=a.yml" }, "config.file=a.yml")]
    [InlineData(new[] { "probe", "--config.file", "a.yml" }, "config.file=a.yml")]
    [InlineData(new[] { "probe", "--config.file", "-" }, "config.file=-")]
    [InlineData(new[] { "probe", "--raw" }, "raw=True")]
    [InlineData(new[] { "probe", "--raw=false" }, "raw=False")]
    [InlineData(new[] { "probe", "--no-raw" }, "raw=False")]
    [InlineData(new[] { "probe", "--step=90s" }, "step=00:01:30")]
    [InlineData(new[] { "probe", "--step", "1h30m" }, "step=01:30:00")]
    [InlineData(new[] { "probe", "--count=-3" }, "count=-3")]
    [InlineData(new[] { "probe", "--width", "0.95" }, "width=0.95")]
    [InlineData(new[] { "probe", "--start=2025-03-01T12:00:00Z" }, "start=1740830400000")]
    [InlineData(new[] { "probe", "--start=2025-03-01T13:00:00+01:00" }, "start=1740830400000")]
    [InlineData(new[] { "probe", "--start", "1740830400" }, "start=1740830400000")]
    [InlineData(new[] { "probe", "--start", "1740830400.5" }, "start=1740830400500")]
    [InlineData(new[] { "probe", "--format=json" }, "format=json")]
    [InlineData(new[] { "probe", "--match", "a", "--match=b" }, "match=a|b")]
    [InlineData(new[] { "probe", "-o", "out.csv" }, "output=out.csv")]
    [InlineData(new[] { "probe", "x", "--raw", "y" }, "raw=True args=x,y")]
    [InlineData(new[] { "probe", "--", "--raw" }, "args=--raw")]
    [InlineData(new[] { "probe", "-5" }, "args=-5")]
    [InlineData(new[] { "probe" }, "")]
    public async Task RunAsync_Flags_ParsedPrometheusStyle(string[] args, string expected)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(NewApp(), args);

        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal(expected + "\n", stdout);
    }

    [Theory]
    [InlineData(new[] { "probe", "--bogus" }, "unknown long flag '--bogus'")]
    [InlineData(new[] { "probe", "--confg.file=x" }, "unknown long flag '--confg.file' (did you mean --config.file?)")]
    [InlineData(new[] { "probe", "-x" }, "unknown short flag '-x'")]
    [InlineData(new[] { "probe", "--config.file" }, "expected a value for flag --config.file")]
    [InlineData(new[] { "probe", "--step=5" }, "invalid value \"5\" for --step: expected a duration such as 30s, 5m, 1h30m or 14d")]
    [InlineData(new[] { "probe", "--count=many" }, "invalid value \"many\" for --count: expected an integer")]
    [InlineData(new[] { "probe", "--width=wide" }, "invalid value \"wide\" for --width: expected a number")]
    [InlineData(new[] { "probe", "--raw=maybe" }, "invalid value \"maybe\" for --raw: expected true or false")]
    [InlineData(new[] { "probe", "--start=yesterday" }, "invalid value \"yesterday\" for --start: expected an RFC 3339 time (2025-03-01T12:00:00Z) or unix seconds")]
    [InlineData(new[] { "probe", "--start=2025-03-01T12:00:00" }, "invalid value \"2025-03-01T12:00:00\" for --start: expected an RFC 3339 time (2025-03-01T12:00:00Z) or unix seconds")]
    [InlineData(new[] { "probe", "--format=xml" }, "invalid value \"xml\" for --format: expected one of csv, json")]
    [InlineData(new[] { "probe", "--step=1m", "--step=2m" }, "flag --step cannot be repeated")]
    [InlineData(new[] { "probe", "a", "b", "c" }, "unexpected argument 'c'")]
    [InlineData(new[] { "needs" }, "required flag --selector not provided")]
    [InlineData(new[] { "needs", "--selector=a", "extra" }, "unexpected argument 'extra'")]
    [InlineData(new[] { "prob" }, "unknown command \"prob\" (did you mean \"probe\"?)")]
    [InlineData(new[] { "check" }, "expected a subcommand: check config, check rules")]
    [InlineData(new[] { "check", "confg" }, "unknown command \"check confg\", expected one of: check config, check rules")]
    [InlineData(new[] { "probe", "--throw" }, "--throw was given")]
    public async Task RunAsync_UsageMistake_PrintsErrorAndExitsTwo(string[] args, string message)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(NewApp(), args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"sidecar: error: {message}, try --help\n", stderr);
    }

    [Fact]
    public async Task RunAsync_CommandOfAnotherExecutable_SaysWhereItIs()
    {
        var app = new CliApp("sidecar", "test app", [new ProbeCommand()]) { Elsewhere = new Dictionary<string, string> { ["backtest"] = "sidecartool" } };

        var (code, _, stderr) = await CliRunner.RunAsync(app, "backtest", "--input", "x.csv");

        Assert.Equal(2, code);
        Assert.Equal("sidecar: error: \"backtest\" is a command of sidecartool: run sidecartool backtest, try --help\n", stderr);
    }

    [Fact]
    public async Task RunAsync_NoArguments_PrintsHelpAndExitsTwo()
    {
        var (code, stdout, _) = await CliRunner.RunAsync(NewApp());

        Assert.Equal(2, code);
        Assert.StartsWith("usage: sidecar [<flags>] <command> [<args> ...]", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("check --help")]
    [InlineData("help check")]
    public async Task RunAsync_Help_ListsCommandsAndExitsZero(string commandLine)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(NewApp(), commandLine.Split(' '));

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("  check config <FILE>...\n    Check files.\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  probe [<ARG>...]\n    Echo parsed flags.\n", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("probe --help")]
    [InlineData("probe --bogus -h")]
    [InlineData("help probe")]
    public async Task RunAsync_CommandHelp_ShowsFlagsAndExitsZero(string commandLine)
    {
        var (code, stdout, _) = await CliRunner.RunAsync(NewApp(), commandLine.Split(' '));

        Assert.Equal(0, code);
        Assert.StartsWith("usage: sidecar probe [<flags>] [<ARG>...]\n\nEcho parsed flags.\n\nFlags:\n", stdout, StringComparison.Ordinal);
        Assert.Contains("      --config.file=FILE", stdout, StringComparison.Ordinal);
        Assert.Contains("  -o, --output=PATH", stdout, StringComparison.Ordinal);
        Assert.Contains("One of: csv, json. Default: csv.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Version_PrintsBuildAndExitsZero()
    {
        var (code, stdout, _) = await CliRunner.RunAsync(NewApp(), "--version");

        Assert.Equal(0, code);
        Assert.StartsWith($"sidecar, version {BuildInfo.Version} (revision: {BuildInfo.Revision})", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateCommandNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CliApp("sidecar", "", [new ProbeCommand(), new ProbeCommand()]));
    }

    [Fact]
    public async Task RunAsync_CommandExitCode_IsReturned()
    {
        var (code, _, _) = await CliRunner.RunAsync(NewApp(), "probe", "--count=7", "--exit");

        Assert.Equal(7, code);
    }

    private static CliApp NewApp() =>
        new("sidecar", "test app", [new NamedCommand("check config", "Check files."), new NamedCommand("check rules", "Check rules."), new ProbeCommand(), new NeedsCommand()]);

    private sealed class NamedCommand : Command
    {
        public NamedCommand(string name, string summary)
            : base(name, summary)
        {
            Arguments = new ArgumentSpec("FILE", "Files.", Min: 1, Max: int.MaxValue);
        }

        public override Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class NeedsCommand : Command
    {
        private static readonly FlagSpec Selector = FlagSpec.String("selector", "Selector.", "NAME") with { Required = true };

        public NeedsCommand()
            : base("needs", "Needs a flag.")
        {
            Flags = [Selector];
        }

        public override Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    /// <summary>Prints what it parsed, as <c>name=value</c> pairs in declaration order.</summary>
    private sealed class ProbeCommand : Command
    {
        private static readonly FlagSpec ConfigFile = FlagSpec.String("config.file", "Config.", "FILE");
        private static readonly FlagSpec Raw = FlagSpec.Bool("raw", "Raw.");
        private static readonly FlagSpec Step = FlagSpec.Duration("step", "Step.");
        private static readonly FlagSpec Count = FlagSpec.Int("count", "Count.");
        private static readonly FlagSpec Width = FlagSpec.Double("width", "Width.");
        private static readonly FlagSpec Start = FlagSpec.Timestamp("start", "Start.");
        private static readonly FlagSpec Format = FlagSpec.String("format", "Format.") with { Choices = ["csv", "json"], Default = "csv" };
        private static readonly FlagSpec Match = FlagSpec.String("match", "Match.") with { Repeatable = true };
        private static readonly FlagSpec Output = FlagSpec.String("output", "Output.", "PATH") with { Short = 'o' };
        private static readonly FlagSpec Throw = FlagSpec.Bool("throw", "Throw a usage error.");
        private static readonly FlagSpec Exit = FlagSpec.Bool("exit", "Exit with --count.");

        public ProbeCommand()
            : base("probe", "Echo parsed flags.")
        {
            Flags = [ConfigFile, Raw, Step, Count, Width, Start, Format, Match, Output, Throw, Exit];
            Arguments = new ArgumentSpec("ARG", "Anything.", Min: 0, Max: 2);
        }

        public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var a = context.Args;
            if (a.Bool(Throw))
            {
                throw new UsageException("--throw was given");
            }

            if (a.Bool(Exit))
            {
                return a.Int(Count)!.Value;
            }

            var parts = new List<string>();
            if (a.IsSet(ConfigFile))
            {
                parts.Add($"config.file={a.String(ConfigFile)}");
            }

            if (a.IsSet(Raw))
            {
                parts.Add($"raw={a.Bool(Raw)}");
            }

            if (a.Duration(Step) is { } step)
            {
                parts.Add($"step={step}");
            }

            if (a.Int(Count) is { } count)
            {
                parts.Add($"count={count}");
            }

            if (a.Double(Width) is { } width)
            {
                parts.Add($"width={width.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }

            if (a.Timestamp(Start) is { } start)
            {
                parts.Add($"start={start.ToUnixTimeMilliseconds()}");
            }

            if (a.IsSet(Format))
            {
                parts.Add($"format={a.String(Format)}");
            }

            if (a.IsSet(Match))
            {
                parts.Add($"match={string.Join('|', a.Strings(Match))}");
            }

            if (a.IsSet(Output))
            {
                parts.Add($"output={a.String(Output)}");
            }

            if (a.Positionals.Count > 0)
            {
                parts.Add($"args={string.Join(',', a.Positionals)}");
            }

            await context.Out.WriteLineAsync(string.Join(' ', parts));
            return 0;
        }
    }
}
