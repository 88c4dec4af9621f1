using System.Globalization;
using Sidecar.Cli;
using Sidecar.Testing;
using Sidecar.Tools.Commands;

namespace Sidecar.Tools.Tests.Commands;

public sealed class BacktestCommandTests
{
    private static CliApp App() => new("sidecar", "test", [new BacktestCommand()]);

    [Fact]
    public async Task Run_SmallNabFileWithDefaultModels_WritesEveryRowCausallyWithVerbatimTimestamps()
    {
        using var dir = new TempDirectory();
        string input = SharedData.NabSpeed7578;
        string output = Path.Combine(dir.Path, "out.csv");

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", output);

        Assert.True(code == ExitCodes.Ok, stderr);
        string[] inLines = File.ReadAllLines(input);
        string[] outLines = File.ReadAllLines(output);
        Assert.Equal("timestamp,value,predicted,predicted_lower,predicted_upper,anomaly_score,alert", outLines[0]);
        Assert.Equal(inLines.Length, outLines.Length);
        long first = DateTimeOffset.Parse(inLines[1].Split(',')[0] + "Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        int predicted = 0;
        for (int i = 1; i < inLines.Length; i++)
        {
            string[] a = inLines[i].Split(',');
            string[] b = outLines[i].Split(',');
            Assert.Equal(a[0], b[0]);
            Assert.Equal(a[1], b[1]);
            long t = DateTimeOffset.Parse(a[0] + "Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
            if (t - first < 86_400)
            {
                Assert.Equal(string.Empty, b[2]); // min_history 1d: no model yet
                Assert.Equal("0", b[5]);
            }
            else if (b[2].Length > 0)
            {
                predicted++;
                double lo = double.Parse(b[3], CultureInfo.InvariantCulture);
                double hi = double.Parse(b[4], CultureInfo.InvariantCulture);
                Assert.True(lo <= hi);
            }
        }

        Assert.True(predicted > (inLines.Length / 2), $"only {predicted} rows predicted");
        Assert.Contains("speed_7578.csv", stdout, StringComparison.Ordinal);
        Assert.Contains("[1/1]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FlagsOverride_ModelAndScheduleUsed()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", Series(300));
        string output = Path.Combine(dir.Path, "out.csv");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", output,
            "--model", "ewma", "--interval-width", "0.9", "--fit-every", "30m", "--fit-window", "6h", "--min-history", "2h",
            "--detection-direction", "above", "--set", "min_dev_from_expected=1000", "--quiet");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Empty(stderr);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(string.Empty, lines[24].Split(',')[2]);   // 23 five-minute rows = 1h55m < 2h
        Assert.NotEqual(string.Empty, lines[25].Split(',')[2]);
        // min_dev_from_expected=1000 keeps every score below 1.
        Assert.All(lines.Skip(1), l => Assert.True(double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture) < 1));
    }

    [Fact]
    public async Task Run_ConfigSelector_UsesItsSettings()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("sidecar.yml", """
            remote_read:
              - url: http://127.0.0.1:9090/api/v1/read
            defaults:
              min_history: 1h
            selectors:
              - name: slow
                match: 'up'
                min_history: 3h
            """);
        string input = dir.Write("in.csv", Series(300));

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--config.file", config, "--selector", "slow",
            "--input", input, "--output", Path.Combine(dir.Path, "out.csv"), "--model", "ewma");

        Assert.True(code == ExitCodes.Ok, stderr);
        string[] lines = File.ReadAllLines(Path.Combine(dir.Path, "out.csv"));
        Assert.Equal(string.Empty, lines[36].Split(',')[2]);   // 35 rows = 2h55m < 3h
        Assert.NotEqual(string.Empty, lines[37].Split(',')[2]);
    }

    [Fact]
    public async Task Run_UnknownSelector_FailsNamingTheKnownOnes()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("sidecar.yml", "remote_read:\n  - url: http://127.0.0.1:9090/api/v1/read\nselectors:\n  - name: a\n    match: 'up'\n");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--config.file", config, "--selector", "zzz",
            "--input", dir.Write("in.csv", Series(10)), "--output", Path.Combine(dir.Path, "o.csv"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("no selector named 'zzz' (known: a)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--set", "no_such_key=1")]
    [InlineData("--set", "time_zone=Mars/Olympus_Mons")]
    [InlineData("--set", "interval_width")]
    [InlineData("--interval-width", "1.5")]
    [InlineData("--selector", "x")]
    [InlineData("--fit-every", "0")]
    public async Task Run_BadFlags_UsageError(string flag, string value)
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", dir.Write("in.csv", Series(10)),
            "--output", Path.Combine(dir.Path, "o.csv"), flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadCsvRow_FailsWithFileAndLine()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,x\n");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", Path.Combine(dir.Path, "o.csv"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"{input}:3: cannot parse value 'x'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithExclusionsFile_LeavesTheIncidentOutAndTheReportShadesIt()
    {
        using var dir = new TempDirectory();
        // 1,000 five-minute rows; rows 400 to 459 are a five-hour incident of +200.
        var lines = Series(1000).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToArray();
        for (int i = 401; i <= 460; i++)
        {
            var cells = lines[i].Split(',');
            lines[i] = cells[0] + "," + (double.Parse(cells[1], CultureInfo.InvariantCulture) + 200).ToString("F3", CultureInfo.InvariantCulture);
        }

        // A single input file's label is its name.
        string input = dir.Write("errors.csv", string.Join('\n', lines) + "\n");
        long start = 1_600_000_000 + (400 * 300), end = 1_600_000_000 + (460 * 300);
        // As GET /api/v1/exclusions answers; the second applies to another file only, the third to another selector.
        string exclusions = dir.Write("exclusions.json", $$"""
            {"status": "success", "data": [
              {"id": "a1", "start": "{{DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}", "end": {{end}},
               "matcher": "{file=~\"err.*\"}", "selector": "", "comment": "INC-42", "created_by": "alice", "source": "api", "kind": "exclude"},
              {"id": "b2", "start": 1600000000, "end": 1600300000, "matcher": "{file=\"other.csv\"}", "comment": ""},
              {"id": "c3", "start": 1600000000, "end": 1600300000, "matcher": "{file=~\".+\"}", "selector": "latency", "comment": ""}
            ]}
            """);
        string plain = Path.Combine(dir.Path, "plain.csv"), excluded = Path.Combine(dir.Path, "excluded.csv"), report = Path.Combine(dir.Path, "report");

        var without = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", plain, "--quiet");
        var with = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", excluded, "--exclusions", exclusions, "--report", report, "--quiet");

        Assert.True(without.ExitCode == ExitCodes.Ok, without.Error);
        Assert.True(with.ExitCode == ExitCodes.Ok, with.Error);
        double widthPlain = MeanWidth(plain, 470), widthExcluded = MeanWidth(excluded, 470);
        Assert.True(widthExcluded < widthPlain / 3, $"after the incident the band is {widthExcluded:F1} wide with the exclusion, {widthPlain:F1} without");
        // Before the incident both replays are the same.
        Assert.Equal(File.ReadLines(plain).Take(400), File.ReadLines(excluded).Take(400));
        string index = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("excluded 2020-09-14T21:46:40Z..2020-09-15T02:46:40Z INC-42", index, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(report, "errors.csv.png")).Length > 0);
    }

    [Theory]
    [InlineData("[{\"start\": 1, \"end\": 2}]", "exclusion [0]: \"matcher\" is required")]
    [InlineData("[{\"start\": 5, \"end\": 2, \"matcher\": \"{file=\\\"a\\\"}\"}]", "exclusion [0]: end is not after start")]
    [InlineData("[{\"start\": \"yesterday\", \"end\": 2, \"matcher\": \"{file=\\\"a\\\"}\"}]", "cannot parse \"yesterday\" for \"start\"")]
    [InlineData("{\"hello\": 1}", "expected exclusions.json")]
    public async Task Run_BadExclusionsFile_FailsNamingTheProblem(string json, string expected)
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", Series(50));

        var (code, _, stderr) = await CliRunner.RunAsync(
            App(), "backtest", "--input", input, "--output", Path.Combine(dir.Path, "out.csv"), "--exclusions", dir.Write("x.json", json));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("--exclusions: ", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    private static double MeanWidth(string output, int fromRow) => File.ReadLines(output).Skip(fromRow + 1)
        .Select(l => l.Split(','))
        .Where(c => c[3].Length > 0)
        .Average(c => double.Parse(c[4], CultureInfo.InvariantCulture) - double.Parse(c[3], CultureInfo.InvariantCulture));

    internal static string Series(int rows)
    {
        var sb = new System.Text.StringBuilder("timestamp,value\n");
        var rng = new Random(3);
        for (int i = 0; i < rows; i++)
        {
            string ts = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000 + (i * 300)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            double v = 100 + (10 * Math.Sin(2 * Math.PI * i / 288)) + rng.NextDouble();
            sb.Append(ts).Append(',').Append(v.ToString("F3", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}
