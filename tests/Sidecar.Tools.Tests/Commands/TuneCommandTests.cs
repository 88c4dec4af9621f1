using System.Text.Json;
using Sidecar.Cli;
using Sidecar.Testing;
using Sidecar.Tools.Commands;
using Sidecar.Tools.Tests.Backtest;

namespace Sidecar.Tools.Tests.Commands;

public sealed class TuneCommandTests
{
    private static CliApp App() => new("sidecar", "test", [new TuneCommand(MeanModel.Fit)]);

    [Fact]
    public async Task Run_GridFlags_EveryCandidateListedAndBestMarked()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("a.csv", BacktestCommandTests.Series(5 * 288));

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "tune", "--input", input, "--initial", "2d", "--horizon", "1d",
            "--grid", "interval_width=0.5,0.99", "--grid", "seasonality_mode=additive,multiplicative", "--metric", "coverage");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("best by coverage", stdout, StringComparison.Ordinal);
        Assert.Equal(4, stdout.Split('\n').Count(l => l.TrimStart('*', ' ').Length > 0 && char.IsDigit(l.TrimStart('*', ' ')[0])));
        // The ±3σ test band holds ~all points, so the 0.99 candidates are the calibrated ones; the first wins the tie.
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("* 2", StringComparison.Ordinal) && l.Contains("0.99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ConfigTuningSection_UsedWhenNoGridFlag()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("sidecar.yml", """
            remote_read:
              - url: http://127.0.0.1:9090/api/v1/read
            defaults:
              cv: {initial: 2d, horizon: 1d}
              tuning:
                metric: mae
                grid:
                  changepoint_prior_scale: [0.01, 0.5]
            selectors:
              - name: a
                match: 'up'
            """);
        string input = dir.Write("a.csv", BacktestCommandTests.Series(5 * 288));

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "tune", "--config.file", config, "--input", input, "--format", "json");

        Assert.True(code == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var entry = doc.RootElement[0];
        Assert.Equal("mae", entry.GetProperty("metric").GetString());
        Assert.Equal(2, entry.GetProperty("candidates").GetArrayLength());
        Assert.Equal("0.5", entry.GetProperty("candidates")[1].GetProperty("settings").GetProperty("changepoint_prior_scale").GetString());
        Assert.Equal(0, entry.GetProperty("best").GetInt32()); // equal MAE: the earlier candidate wins
    }

    [Fact]
    public async Task Run_GridFlagWithAListKey_OneCandidatePerList()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("a.csv", BacktestCommandTests.Series(5 * 288));

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "tune", "--input", input, "--initial", "2d", "--horizon", "1d",
            "--grid", "holiday_calendars=[US], [US, GB]", "--format", "json");

        Assert.True(code == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var candidates = doc.RootElement[0].GetProperty("candidates");
        Assert.Equal(2, candidates.GetArrayLength());
        Assert.All(candidates.EnumerateArray(), c => Assert.True(c.GetProperty("settings").TryGetProperty("holiday_calendars", out _)));
    }

    [Fact]
    public async Task Run_BadGridValue_UsageErrorWithTheConfigMessage()
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "tune", "--input", dir.Write("a.csv", BacktestCommandTests.Series(10)),
            "--grid", "interval_width=0.5,1.5");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--grid interval_width[1]: must be between 0 and 1, exclusive, got 1.5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoGrid_UsageError()
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "tune", "--input", dir.Write("a.csv", BacktestCommandTests.Series(10)));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no grid", stderr, StringComparison.Ordinal);
    }
}
