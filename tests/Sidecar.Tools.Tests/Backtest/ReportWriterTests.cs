using System.Globalization;
using System.Text.RegularExpressions;
using Sidecar.Cli;
using Sidecar.Models.Evaluation;
using Sidecar.Testing;
using Sidecar.Tools.Backtest;
using Sidecar.Tools.Commands;

namespace Sidecar.Tools.Tests.Backtest;

public sealed partial class ReportWriterTests
{
    private const long Start = 1_400_000_000; // 2014-05-13T16:53:20Z

    private static CliApp App() => new("sidecar", "test", [new BacktestCommand(MeanModel.Fit)]);

    /// <summary>Five-minute rows alternating 9 and 11; <paramref name="spikes"/> maps a row to its value.</summary>
    private static string Csv(int rows, IReadOnlyDictionary<int, double> spikes)
    {
        var sb = new System.Text.StringBuilder("timestamp,value\n");
        for (int i = 0; i < rows; i++)
        {
            double v = spikes.TryGetValue(i, out var s) ? s : (i % 2 == 0 ? 9 : 11);
            sb.Append(Time(i)).Append(',').Append(v.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Time(int row) =>
        DateTimeOffset.FromUnixTimeSeconds(Start + (row * 300)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string[] Pngs(string report, string kind) =>
        Directory.GetFiles(report, $"*.{kind}-*.png", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Backtest_ReportWithLabels_OnePanelPerAlertEpisodeAndPerWindow()
    {
        using var dir = new TempDirectory();
        // Three spikes hours apart: three pages of the shipped rule. Window 1 holds the second spike, window 2 none.
        dir.Write("in/web/requests.csv", Csv(800, new Dictionary<int, double> { [300] = 60, [450] = 80, [600] = 70 }));
        string labels = dir.Write("labels.json", $$"""
            {"web/requests.csv": [["{{Time(440)}}.000000", "{{Time(470)}}.000000"], ["{{Time(700)}}.000000", "{{Time(720)}}.000000"]],
             "other/unused.csv": []}
            """);
        string report = Path.Combine(dir.Path, "report"), output = Path.Combine(dir.Path, "out");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", Path.Combine(dir.Path, "in"), "--output", output,
            "--min-history", "6h", "--fit-window", "2d", "--report", report, "--labels", labels);

        Assert.True(code == ExitCodes.Ok, stderr);
        int onsets = File.ReadLines(Path.Combine(output, "web/requests.csv")).Skip(1).Count(l => l.EndsWith(",1", StringComparison.Ordinal));
        Assert.Equal(3, onsets);
        Assert.Equal(["requests.csv.episode-001.png", "requests.csv.episode-002.png", "requests.csv.episode-003.png"], Pngs(report, "episode"));
        Assert.Equal(["requests.csv.window-001.png", "requests.csv.window-002.png"], Pngs(report, "window"));
        foreach (var png in Directory.GetFiles(report, "*.png", SearchOption.AllDirectories))
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        }

        string index = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("<img src=\"web/requests.csv.png\"", index, StringComparison.Ordinal);
        Assert.Contains("<td>3</td><td>2</td>", index, StringComparison.Ordinal); // alert episodes, labelled windows
        Assert.Contains($"<b>E2: alert episode 2 of 3</b>: fires {Time(450)[..16]}Z", index, StringComparison.Ordinal);
        Assert.Contains("starts inside labelled window W1", Caption(index, "episode-002"), StringComparison.Ordinal);
        Assert.Contains("starts outside every labelled window", Caption(index, "episode-001"), StringComparison.Ordinal);
        Assert.Contains("<b>W1: labelled window 1 of 2</b>", index, StringComparison.Ordinal);
        Assert.Contains("1 alert episode starts inside it", Caption(index, "window-001"), StringComparison.Ordinal);
        Assert.Contains("no alert episode starts inside it (missed)", Caption(index, "window-002"), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"cap\"", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_NoisyFile_ZoomsOnlyTheHighestEpisodesAndSaysSo()
    {
        using var dir = new TempDirectory();
        // 15 spikes, each lower than the last while the band widens with every spike it fitted on: the 10 highest
        // scores are the first 10.
        var spikes = Enumerable.Range(0, 15).ToDictionary(k => 200 + (k * 40), k => 300.0 - (10 * k));
        string input = dir.Write("noisy.csv", Csv(900, spikes));
        string report = Path.Combine(dir.Path, "report");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", Path.Combine(dir.Path, "out.csv"),
            "--min-history", "6h", "--fit-window", "2d", "--report", report);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(10, ReportPanels.DefaultMaxPanels);
        Assert.Equal(15, File.ReadLines(Path.Combine(dir.Path, "out.csv")).Count(l => l.EndsWith(",1", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"noisy.csv.episode-{n:D3}.png"), Pngs(report, "episode"));
        Assert.Empty(Pngs(report, "window"));
        const string Capped = "10 of 15 alert episodes zoomed (the highest peak anomaly_score; at most 10 per file)";
        Assert.Contains($"noisy.csv: report: {Capped}", stderr, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"cap\">{Capped}</p>", File.ReadAllText(Path.Combine(report, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_ReportPanelsFlag_CapsEpisodesAndWindowsAlike()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("f.csv", Csv(800, new Dictionary<int, double> { [300] = 60, [450] = 80, [600] = 70 }));
        string labels = dir.Write("labels.json", $$"""{"f.csv": [["{{Time(440)}}", "{{Time(470)}}"], ["{{Time(700)}}", "{{Time(720)}}"]]}""");
        string report = Path.Combine(dir.Path, "report");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", Path.Combine(dir.Path, "out.csv"),
            "--min-history", "6h", "--fit-window", "2d", "--report", report, "--labels", labels, "--report-panels", "1");

        Assert.True(code == ExitCodes.Ok, stderr);
        // The episode zoomed is the spike with the highest anomaly_score in the written result.
        var scores = File.ReadLines(Path.Combine(dir.Path, "out.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)).ToArray();
        int highest = Array.IndexOf([300, 450, 600], new[] { 300, 450, 600 }.MaxBy(r => scores[r])) + 1;
        Assert.Equal([$"f.csv.episode-{highest:D3}.png"], Pngs(report, "episode"));
        Assert.Equal(["f.csv.window-001.png"], Pngs(report, "window"));
        Assert.Contains("f.csv: report: 1 of 3 alert episodes zoomed (the highest peak anomaly_score; at most 1 per file); 1 of 2 labelled windows zoomed (the first 1)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_LabelsWithoutAnEntry_WarnsAndDrawsNoWindow()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("solo.csv", Csv(400, new Dictionary<int, double>()));
        string labels = dir.Write("labels.json", "{\"elsewhere/other.csv\": [[\"2014-05-14 00:00:00\", \"2014-05-14 01:00:00\"]]}");
        string report = Path.Combine(dir.Path, "report");

        var (code, _, stderr) = await CliRunner.RunAsync(App(), "backtest", "--input", input, "--output", Path.Combine(dir.Path, "out.csv"),
            "--min-history", "6h", "--report", report, "--labels", labels, "--quiet");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("warning: --labels has no entry for 1 of 1 file(s) (solo.csv)", stderr, StringComparison.Ordinal);
        Assert.Empty(Pngs(report, "window"));
    }

    [Theory]
    [InlineData(null, "--labels is drawn in the report: give --report DIR too")]
    [InlineData("[]", "expected an object from file name")]
    [InlineData("{\"a.csv\": [[\"2014-05-14 02:00:00\", \"2014-05-14 01:00:00\"]]}", "\"a.csv\" window [0]: end is not after start")]
    [InlineData("{\"a.csv\": [[\"2014-05-14 00:00:00\", \"soon\"]]}", "\"a.csv\" window [0]: cannot parse \"soon\" as a timestamp")]
    [InlineData("{\"a.csv\": [[\"2014-05-14 00:00:00\"]]}", "\"a.csv\" window [0]: expected [start, end]")]
    public async Task Backtest_BadLabels_FailsNamingTheProblem(string? json, string expected)
    {
        using var dir = new TempDirectory();
        string input = dir.Write("a.csv", Csv(50, new Dictionary<int, double>()));
        string[] report = json is null ? [] : ["--report", Path.Combine(dir.Path, "report")];

        var (code, _, stderr) = await CliRunner.RunAsync(App(), ["backtest", "--input", input, "--output", Path.Combine(dir.Path, "out.csv"),
            "--labels", dir.Write("labels.json", json ?? "{}"), .. report]);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ProgressWithinAFile_ClimbsToTheEndWithAnEta()
    {
        using var dir = new TempDirectory();
        dir.Write("in/a.csv", Csv(600, new Dictionary<int, double>()));
        dir.Write("in/b.csv", Csv(300, new Dictionary<int, double>()));
        var progress = new StringWriter();
        var settings = new BacktestSettings
        {
            Replay = new ReplayOptions { FitEvery = TimeSpan.FromHours(1), FitWindow = TimeSpan.FromDays(2), MinHistory = TimeSpan.FromHours(6) },
            Parallelism = 1,
            ProgressInterval = TimeSpan.Zero,
        };

        var summaries = new BacktestRunner(settings, MeanModel.Fit, progress)
            .Run(InputSet.Resolve(Path.Combine(dir.Path, "in"), Path.Combine(dir.Path, "out")), CancellationToken.None);

        var lines = progress.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var within = lines.Select(l => WithinFile().Match(l)).Where(m => m.Success).ToList();
        var a = within.Where(m => m.Groups["file"].Value == "a.csv").ToList();
        // A line after every fit but the first: 600 rows of 5 minutes = 50 h, the first fit at 6 h, then one an hour.
        Assert.Equal(summaries[0].Fits - 1, a.Count);
        var percents = a.Select(m => int.Parse(m.Groups["pct"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.InRange(percents[^1], 97, 100);
        Assert.Equal(summaries[0].Fits, int.Parse(a[^1].Groups["fits"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(summaries[1].Fits - 1, within.Count(m => m.Groups["file"].Value == "b.csv"));
        // Between files: the whole run's ETA, after each file but the last.
        Assert.Matches(@"^\[1/2\] a\.csv: 600 rows, .*\(total 600 rows, \d+s, ETA \d+s\)$", lines.Single(l => l.StartsWith("[1/2]", StringComparison.Ordinal)));
        Assert.Matches(@"^\[2/2\] b\.csv: 300 rows, .*\(total 900 rows, \d+s\)$", lines.Single(l => l.StartsWith("[2/2]", StringComparison.Ordinal)));
    }

    [Fact]
    public void Run_FastFileWithTheDefaultInterval_PrintsOnlyItsFinishedLine()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("a.csv", Csv(600, new Dictionary<int, double>()));
        var progress = new StringWriter();
        var settings = new BacktestSettings
        {
            Replay = new ReplayOptions { FitEvery = TimeSpan.FromHours(1), FitWindow = TimeSpan.FromDays(2), MinHistory = TimeSpan.FromHours(6) },
        };

        new BacktestRunner(settings, MeanModel.Fit, progress).Run(InputSet.Resolve(input, Path.Combine(dir.Path, "out.csv")), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(10), settings.ProgressInterval);
        Assert.StartsWith("[1/1] a.csv: 600 rows", Assert.Single(progress.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_NabCombinedWindows_FindsFilesByRelativePathOrByName()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nab", "windows.json");

        var labels = LabelledWindows.Read(path);

        var windows = labels.For("realTraffic/speed_7578.csv");
        Assert.NotNull(windows);
        Assert.Equal(DateTimeOffset.Parse("2015-09-11T15:34:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), windows[0].StartMs);
        Assert.Same(windows, labels.For("speed_7578.csv"));
        Assert.Null(labels.For("nyc_taxi.csv"));
        Assert.Empty(labels.For("artificialNoAnomaly/art_flatline.csv")!);
    }

    [Fact]
    public async Task Backtest_NabFileWithItsWindowsAndTheProductionModels_PanelsMatchTheAlertColumnAndTheLabels()
    {
        using var dir = new TempDirectory();
        string report = Path.Combine(dir.Path, "report"), output = Path.Combine(dir.Path, "out.csv");
        var app = new CliApp("sidecar", "test", [new BacktestCommand()]);

        var (code, _, stderr) = await CliRunner.RunAsync(app, "backtest", "--input", Commands.SharedData.NabSpeed7578, "--output", output,
            "--report", report, "--labels", Path.Combine(AppContext.BaseDirectory, "Fixtures", "nab", "windows.json"), "--quiet");

        Assert.True(code == ExitCodes.Ok, stderr);
        int onsets = File.ReadLines(output).Skip(1).Count(l => l.EndsWith(",1", StringComparison.Ordinal));
        Assert.InRange(onsets, 1, ReportPanels.DefaultMaxPanels);
        Assert.Equal(onsets, Pngs(report, "episode").Length);
        Assert.Equal(4, Pngs(report, "window").Length);
        string index = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains($"<td>{onsets}</td><td>4</td>", index, StringComparison.Ordinal);
        Assert.Contains("<b>W4: labelled window 4 of 4</b>: 2015-09-16 16:00Z to 2015-09-16 18:20Z (2h20m)", index, StringComparison.Ordinal);
    }

    private static string Caption(string index, string panel)
    {
        int at = index.IndexOf($".{panel}.png\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {panel} in the index");
        int from = index.IndexOf("<figcaption>", at, StringComparison.Ordinal), to = index.IndexOf("</figcaption>", at, StringComparison.Ordinal);
        return index[from..to];
    }

    [GeneratedRegex(@"^  (?<file>\S+): (?<pct>\d+)% replayed \(up to \d{4}-\d\d-\d\d \d\d:\d\dZ, (?<fits>\d+) fits, \d+s\), ETA (\d+s|\d+m\d\ds)$")]
    private static partial Regex WithinFile();
}
