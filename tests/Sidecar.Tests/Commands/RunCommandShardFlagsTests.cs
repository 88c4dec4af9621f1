using Sidecar.Cli;
using Sidecar.Commands;
using Sidecar.Testing;

namespace Sidecar.Tests.Commands;

/// <summary>The sharding flags of <c>sidecar run</c> are checked before anything starts.</summary>
public sealed class RunCommandShardFlagsTests
{
    private static readonly CliApp App = new("sidecar", "test", [new RunCommand()]);

    [Theory]
    [InlineData("--shard.count=0", "--shard.count must be at least 1, got 0")]
    [InlineData("--shard.count=3 --shard.index=3", "--shard.index must be between 0 and --shard.count - 1 = 2, got 3")]
    [InlineData("--shard.index=1", "--shard.index must be between 0 and --shard.count - 1 = 0, got 1")]
    [InlineData("--shard.count=3 --shard.index=1 --shard.index-from-hostname", "--shard.index and --shard.index-from-hostname are mutually exclusive")]
    [InlineData("--shard.replica=", "invalid value for --shard.replica: must not be empty")]
    [InlineData("--shard.count=two", "invalid value \"two\" for --shard.count: expected an integer")]
    public async Task RunAsync_BadShardFlags_ExitsWithTheReason(string flags, string error)
    {
        var (code, _, stderr) = await CliRunner.RunAsync(App, ["run", "--config.file=/nonexistent.yml", .. flags.Split(' ')]);

        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains(error, stderr, StringComparison.Ordinal);
    }
}
