using Sidecar.Tools.Backtest;
using Sidecar.Models.Evaluation;
using Sidecar.Testing;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class BacktestRunnerTests
{
    private static string Csv(int rows, Func<int, string> value)
    {
        var sb = new System.Text.StringBuilder("timestamp,value\n");
        for (int i = 0; i < rows; i++)
        {
            sb.Append(DateTimeOffset.FromUnixTimeSeconds(1_400_000_000 + (i * 300)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
              .Append(',').Append(value(i)).Append('\n');
        }

        return sb.ToString();
    }

    private static BacktestSettings Settings(string? report = null) => new()
    {
        Replay = new ReplayOptions { FitEvery = TimeSpan.FromHours(1), FitWindow = TimeSpan.FromDays(2), MinHistory = TimeSpan.FromHours(6) },
        Parallelism = 2,
        ReportDirectory = report,
    };

    [Fact]
    public void Run_Directory_MirrorsPathsAndKeepsGoingPastABadFile()
    {
        using var dir = new TempDirectory();
        dir.Write("in/a/one.csv", Csv(500, i => (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        dir.Write("in/b/c/two.csv", Csv(300, i => "5"));
        dir.Write("in/bad.csv", "timestamp,value\n2014-01-01 00:00:00,1\nnope,2\n");
        string output = Path.Combine(dir.Path, "out");
        var progress = new StringWriter();

        var jobs = InputSet.Resolve(Path.Combine(dir.Path, "in"), output);
        var summaries = new BacktestRunner(Settings(), MeanModel.Fit, progress).Run(jobs, CancellationToken.None);

        Assert.Equal(3, summaries.Count);
        Assert.True(File.Exists(Path.Combine(output, "a/one.csv")));
        Assert.True(File.Exists(Path.Combine(output, "b/c/two.csv")));
        Assert.False(File.Exists(Path.Combine(output, "bad.csv")));
        var bad = summaries.Single(s => s.Job.RelativePath == "bad.csv");
        Assert.Contains("bad.csv:3:", bad.Error, StringComparison.Ordinal);
        Assert.Contains("FAILED", progress.ToString(), StringComparison.Ordinal);
        var one = summaries.Single(s => s.Job.RelativePath == "a/one.csv");
        Assert.Equal(500, one.Rows);
        Assert.Equal(500 - 72, one.Scored); // 6 h of 5-minute rows before min_history
        Assert.Equal(501, File.ReadAllLines(Path.Combine(output, "a/one.csv")).Length);
    }

    [Fact]
    public void Run_SpikeInFlatSeries_FlaggedAboveOne()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", Csv(400, i => i == 300 ? "50" : (i % 2 == 0 ? "9" : "11")));
        string output = Path.Combine(dir.Path, "out.csv");

        var summary = Assert.Single(new BacktestRunner(Settings(), MeanModel.Fit, null).Run(InputSet.Resolve(input, output), CancellationToken.None));

        Assert.Null(summary.Error);
        Assert.Equal(1, summary.Flagged);
        string[] row = File.ReadAllLines(output)[301].Split(',');
        Assert.Equal("50", row[1]);
        Assert.True(double.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture) > 1);
    }

    [Fact]
    public void Run_WithReport_WritesAPngPerSeriesAndAnIndex()
    {
        using var dir = new TempDirectory();
        dir.Write("in/x/one.csv", Csv(400, i => i == 300 ? "50" : (i % 2 == 0 ? "9" : "11")));
        string report = Path.Combine(dir.Path, "report");

        new BacktestRunner(Settings(report), MeanModel.Fit, null)
            .Run(InputSet.Resolve(Path.Combine(dir.Path, "in"), Path.Combine(dir.Path, "out")), CancellationToken.None);

        byte[] png = File.ReadAllBytes(Path.Combine(report, "x/one.csv.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 10_000);
        string index = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("<img src=\"x/one.csv.png\"", index, StringComparison.Ordinal);
        Assert.Contains("<td>400</td>", index, StringComparison.Ordinal);
    }
}
