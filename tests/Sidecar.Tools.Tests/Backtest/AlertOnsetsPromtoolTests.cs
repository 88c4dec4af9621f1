using System.Globalization;
using System.Text;
using Sidecar.Cli;
using Sidecar.Testing;
using Sidecar.Tools.Backtest;
using Sidecar.Tools.Commands;
using Sidecar.Tools.Tests.Commands;

namespace Sidecar.Tools.Tests.Backtest;

/// <summary>
/// The backtest's <c>alert</c> column against the real rule: a recorded series (the backtest of a NAB file) is fed
/// to promtool with rules/sidecar-alerts.yml, and AnomalyDetected (warning) must fire at exactly the evaluations
/// that <see cref="AlertOnsets"/> says, its episodes starting on the rows marked 1.
/// </summary>
public sealed class AlertOnsetsPromtoolTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task Alert_RecordedSeries_PagesOnExactlyTheRowsTheRuleDoes()
    {
        using var dir = new TempDirectory("sidecar-alert-");
        var output = dir.File("out.csv");
        var (code, _, stderr) = await CliRunner.RunAsync(new CliApp("sidecartool", "test", [new BacktestCommand()]),
            "backtest", "--input", SharedData.NabSpeed7578, "--output", output);
        Assert.True(code == ExitCodes.Ok, stderr);
        var (timestamps, scores, alerts) = Read(output);

        var evaluations = AlertOnsets.Evaluate(timestamps, scores);
        Assert.Equal(AlertOnsets.Compute(timestamps, scores), alerts);
        var onsets = evaluations.Where(e => e.Onset).ToList();
        Assert.True(onsets.Count >= 2, $"the recorded series pages {onsets.Count} times; the test needs two episodes");

        // Minutes from the first row up to an hour after the second page.
        var end = (int)((onsets[1].TimeMs - timestamps[0]) / Minute) + 60;
        var window = evaluations.Take(end + 1).ToList();
        var test = TestFile(timestamps, scores, window);
        var file = dir.Write("alert.test.yml", test);

        var result = await ExternalProcess.RunAsync("promtool", ["test", "rules", file]);

        Assert.Contains("SUCCESS", result);
    }

    private static string TestFile(long[] timestamps, double[] scores, IReadOnlyList<AlertOnsets.Evaluation> window)
    {
        var minutes = window.Count;
        var values = new string[minutes];
        Array.Fill(values, "_");
        for (var i = 0; i < timestamps.Length; i++)
        {
            var m = (timestamps[i] - timestamps[0]) / Minute;
            if (m < minutes && (timestamps[i] - timestamps[0]) % Minute == 0)
            {
                // A row without a score is a scrape without the gauge.
                values[m] = double.IsNaN(scores[i]) ? "stale" : scores[i].ToString("R", CultureInfo.InvariantCulture);
            }
        }

        var yaml = new StringBuilder();
        yaml.Append("rule_files:\n  - ").Append(Repo.Path("rules/sidecar-alerts.yml")).Append('\n');
        yaml.Append("evaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
        yaml.Append("      - series: 'anomaly_score{selector=\"nab\",metric=\"speed\"}'\n");
        yaml.Append("        values: '").Append(string.Join(' ', values)).Append("'\n");
        yaml.Append("    promql_expr_test:\n");
        foreach (var e in window)
        {
            var minute = (e.TimeMs - timestamps[0]) / Minute;
            yaml.Append("      - expr: count(ALERTS{alertname=\"AnomalyDetected\",severity=\"warning\",alertstate=\"firing\"}) or vector(0)\n");
            yaml.Append("        eval_time: ").Append(minute.ToString(CultureInfo.InvariantCulture)).Append("m\n");
            yaml.Append("        exp_samples: [{labels: '{}', value: ").Append(e.Firing ? '1' : '0').Append("}]\n");
        }

        return yaml.ToString();
    }

    private static (long[] Timestamps, double[] Scores, int[] Alerts) Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var (ts, score, alert) = (Array.IndexOf(header, "timestamp"), Array.IndexOf(header, "anomaly_score"), Array.IndexOf(header, "alert"));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return (
            rows.Select(r => DateTimeOffset.Parse(r[ts] + "Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()).ToArray(),
            rows.Select(r => r[score].Length == 0 ? double.NaN : double.Parse(r[score], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => int.Parse(r[alert], CultureInfo.InvariantCulture)).ToArray());
    }
}
