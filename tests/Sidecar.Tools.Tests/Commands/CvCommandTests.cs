using System.Text.Json;
using Sidecar.Cli;
using Sidecar.Testing;
using Sidecar.Tools.Commands;
using Sidecar.Tools.Tests.Backtest;

namespace Sidecar.Tools.Tests.Commands;

public sealed class CvCommandTests
{
    private static CliApp App() => new("sidecar", "test", [new CvCommand(MeanModel.Fit)]);

    [Fact]
    public async Task Run_Table_OverallAndPerHorizonRows()
    {
        using var dir = new TempDirectory();
        dir.Write("in/a.csv", BacktestCommandTests.Series(5 * 288));

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "cv", "--input", Path.Combine(dir.Path, "in"),
            "--initial", "2d", "--horizon", "1d", "--buckets", "2");

        Assert.True(code == ExitCodes.Ok, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# initial 2d, horizon 1d, period 12h, train window 14d", lines[0], StringComparison.Ordinal);
        Assert.Contains("error_magnitude", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^a\.csv\s+all\s+4\s", lines[2]);   // cutoffs 2d, 2.5d, 3d, 3.5d (4d + 1d passes the last row)
        Assert.Matches(@"^a\.csv\s+≤12h\s", lines[3]);
        Assert.Matches(@"^a\.csv\s+≤1d\s", lines[4]);
    }

    [Fact]
    public async Task Run_Json_MetricsWithSnakeCaseKeys()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("a.csv", BacktestCommandTests.Series(5 * 288));

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "cv", "--input", input, "--initial", "2d", "--horizon", "1d", "--format", "json");

        Assert.True(code == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var entry = doc.RootElement[0];
        Assert.Equal("a.csv", entry.GetProperty("series").GetString());
        Assert.Equal(4, entry.GetProperty("folds").GetInt32());
        var metrics = entry.GetProperty("metrics");
        Assert.Equal(4 * 288, metrics.GetProperty("points").GetInt32()); // four one-day horizons of 288 five-minute points
        Assert.InRange(metrics.GetProperty("coverage").GetDouble(), 0, 1);
        Assert.Equal(4, entry.GetProperty("by_horizon").GetArrayLength());
    }
}
