using Sidecar.Cli;
using Sidecar.Testing;
using Sidecar.Tools.Commands;
using Sidecar.Tools.Tests.Backtest;

namespace Sidecar.Tools.Tests.Commands;

public sealed class EvaluationFlagsTests
{
    [Theory]
    [InlineData("backtest", "nothing.csv", "input {0} does not exist")]
    [InlineData("cv", "nothing.csv", "input {0} does not exist")]
    [InlineData("tune", "nothing.csv", "input {0} does not exist")]
    [InlineData("cv", "empty", "input directory {0} holds no .csv file")]
    [InlineData("tune", "empty", "input directory {0} holds no .csv file")]
    public async Task Jobs_NoUsableInput_CommandFailsSayingWhy(string command, string name, string message)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "empty"));
        string input = Path.Combine(dir.Path, name);
        var app = new CliApp("sidecar", "test", [new BacktestCommand(MeanModel.Fit), new CvCommand(MeanModel.Fit), new TuneCommand(MeanModel.Fit)]);
        string[] more = command switch
        {
            "backtest" => ["--output", Path.Combine(dir.Path, "out.csv")],
            "tune" => ["--grid", "growth=flat"],
            _ => [],
        };

        var (code, stdout, stderr) = await CliRunner.RunAsync(app, [command, "--input", input, .. more]);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Empty(stdout);
        Assert.Contains($"sidecar {command}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, message, input)}", stderr, StringComparison.Ordinal);
    }
}
