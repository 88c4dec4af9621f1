using System.Globalization;
using Sidecar.Cli;
using Sidecar.Commands;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Tests.Commands;

/// <summary>
/// <c>sidecar read</c> in-process against a real Prometheus holding <see cref="ShapingDataset"/>: raw output is
/// exactly the backfilled samples in both response modes; shaped output equals <c>query_range</c>.
/// </summary>
public sealed class ReadCommandTests(ShapingPrometheusFixture fixture) : IClassFixture<ShapingPrometheusFixture>, IDisposable
{
    private const long Minute = ShapingDataset.Minute;

    private readonly TempDirectory _directory = new("sidecar-read-");

    public void Dispose() => _directory.Dispose();

    private static CliApp App(RemoteReadResponseType? only = null) =>
        new("sidecar", "test", [new ReadCommand(o => only is { } type ? o with { AcceptedResponseTypes = [type] } : o)]);

    [Theory]
    [InlineData(RemoteReadResponseType.StreamedXorChunks)]
    [InlineData(RemoteReadResponseType.Samples)]
    public async Task RunAsync_RawWithMatch_PrintsExactlyTheStoredSamplesInTheInclusiveWindow(RemoteReadResponseType mode)
    {
        // web/d has samples exactly at the data start and at +5h: both window edges are inclusive.
        var startMs = fixture.Data.StartMs;
        var endMs = fixture.Data.StartMs + 5 * ShapingDataset.Hour;
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            App(mode), "read", "--remote-read.url", fixture.Server.RemoteReadUrl.ToString(),
            "--match", "{__name__=~\"http_requests_total|temperature_celsius|pod_requests_total\"}",
            "--start", Unix(startMs), "--end", Rfc3339(endMs), "--raw");

        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        var expected = fixture.Data.Requests.Concat(fixture.Data.Temperatures).Concat(fixture.Data.Pods)
            .Select(s => Window(s, startMs, endMs))
            .Where(s => s.Count > 0)
            .ToDictionary(s => s.Labels.ToString());
        var actual = ParseCsv(stdout);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (series, rows) in actual)
        {
            Assert.Equal(expected[series].TimestampsMs, rows.Select(r => r.TimestampMs));
            Assert.Equal(expected[series].Values.Select(BitConverter.DoubleToInt64Bits), rows.Select(r => BitConverter.DoubleToInt64Bits(r.Value)));
        }

        Assert.Contains(actual.Values.SelectMany(r => r), r => r.TimestampMs == startMs);
        Assert.Contains(actual.Values.SelectMany(r => r), r => r.TimestampMs == endMs);
    }

    [Theory]
    [InlineData("api_rps", "sum by (job) (rate(http_requests_total[5m]))", 60, RemoteReadResponseType.StreamedXorChunks, -10)]
    [InlineData("api_rps", "sum by (job) (rate(http_requests_total[5m]))", 60, RemoteReadResponseType.Samples, 185)]
    [InlineData("errors_by_instance", "max without (code) (increase(http_requests_total{code=~\"5..|200\",instance!=\"c\"}[10m]))", 60, RemoteReadResponseType.StreamedXorChunks, 95)]
    [InlineData("temperature", "temperature_celsius", 30, RemoteReadResponseType.StreamedXorChunks, -10)]
    [InlineData("temperature", "temperature_celsius", 30, RemoteReadResponseType.Samples, 61)]
    [InlineData("pods", "delta(pod_requests_merged_total[5m])", 60, RemoteReadResponseType.StreamedXorChunks, -10)]
    public async Task RunAsync_ConfigSelector_PrintsShapedSeriesEqualToQueryRange(string selector, string promql, int stepSeconds, RemoteReadResponseType mode, int startMinute)
    {
        // A start inside the data proves the read reaches back one range (or lookback) before the first step.
        var config = WriteConfig();
        var startMs = fixture.Data.StartMs + startMinute * Minute + 1_500;
        var endMs = fixture.Data.EndMs + 10 * Minute;

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            App(mode), "read", "--config.file", config, "--selector", selector, "--start", Rfc3339(startMs), "--end", Unix(endMs));

        Assert.Equal(0, code);
        var expected = await fixture.Server.QueryRangeAsync(promql, startMs, endMs, TimeSpan.FromSeconds(stepSeconds));
        Assert.NotEmpty(expected);
        var actual = ParseCsv(stdout);
        var byLabels = expected.ToDictionary(s => (selector == "pods" ? Unnamed(s.Labels) : s.Labels).ToString());
        Assert.Equal(byLabels.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (series, rows) in actual)
        {
            var want = byLabels[series];
            Assert.Equal(want.TimestampsMs, rows.Select(r => r.TimestampMs));
            for (var i = 0; i < rows.Count; i++)
            {
                var (e, a) = (want.Values[i], rows[i].Value);
                Assert.True(
                    e.Equals(a) || Math.Abs(e - a) <= 1e-9 * Math.Max(Math.Abs(e), Math.Abs(a)),
                    $"{series} at {rows[i].TimestampMs}: query_range {e:R}, sidecar read {a:R}");
            }
        }

        if (selector == "pods")
        {
            Assert.StartsWith("sidecar: warning: drop_labels merged series that overlap in time;", stderr);
            Assert.Contains($" {fixture.Data.PodSamplesDiscarded} overlapping samples were ignored", stderr);
        }
        else
        {
            Assert.Equal("", stderr);
        }
    }

    [Fact]
    public async Task RunAsync_StepFlag_OverridesTheSelectorStep()
    {
        var (code, stdout, _) = await CliRunner.RunAsync(
            App(), "read", "--config.file", WriteConfig(), "--selector", "temperature", "--step", "10m",
            "--start", Unix(fixture.Data.StartMs + ShapingDataset.Hour), "--end", Unix(fixture.Data.StartMs + 2 * ShapingDataset.Hour));

        Assert.Equal(0, code);
        Assert.All(ParseCsv(stdout).Values, rows => Assert.Equal(7, rows.Count));
    }

    [Theory]
    [InlineData("give either --config.file and --selector, or --remote-read.url and --match", "--start", "0", "--end", "1")]
    [InlineData("--selector needs --config.file", "--selector", "x", "--start", "0", "--end", "1")]
    [InlineData("cannot be combined with --config.file", "--config.file", "f.yml", "--match", "up", "--start", "0", "--end", "1")]
    [InlineData("--config.file needs --selector NAME", "--config.file", "f.yml", "--start", "0", "--end", "1")]
    [InlineData("--end (5) is before --start (10)", "--remote-read.url", "http://127.0.0.1:1/api/v1/read", "--match", "up", "--start", "10", "--end", "5")]
    [InlineData("invalid --match at column 4", "--remote-read.url", "http://127.0.0.1:1/api/v1/read", "--match", "up{", "--start", "0", "--end", "1")]
    [InlineData("invalid --remote-read.url \"ftp://x\"", "--remote-read.url", "ftp://x", "--match", "up", "--start", "0", "--end", "1")]
    [InlineData("invalid value \"yesterday\" for --start", "--remote-read.url", "http://127.0.0.1:1/api/v1/read", "--match", "up", "--start", "yesterday", "--end", "1")]
    [InlineData("--end", "--remote-read.url", "http://127.0.0.1:1/api/v1/read", "--match", "up", "--start", "0")]
    public async Task RunAsync_WrongCommandLine_ExplainsAndExitsTwo(string message, params string[] args)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), ["read", .. args]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("sidecar: error: ", stderr);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task RunAsync_UnknownSelector_NamesTheKnownOnesAndExitsOne()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "read", "--config.file", WriteConfig(), "--selector", "api_rp", "--start", "0", "--end", "1");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("no selector \"api_rp\"", stderr);
        Assert.Contains("(did you mean \"api_rps\"?)", stderr);
    }

    [Fact]
    public async Task RunAsync_InvalidConfig_PrintsItsProblemsAndExitsOne()
    {
        var path = _directory.Write("invalid.yml", "selectors:\n  - name: a\n    match: 'up{'\n");

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "read", "--config.file", path, "--selector", "a", "--start", "0", "--end", "1");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains($"{path}:3:", stderr);
        Assert.EndsWith($"sidecar: error: {path} is not valid\n", stderr);
    }

    [Fact]
    public async Task RunAsync_QueryRangeSelector_SaysReadReadsRemoteReadOnlyAndExitsOne()
    {
        var path = _directory.Write("vm.yml", "query_range:\n  - url: http://127.0.0.1:8428/api/v1/query_range\nselectors:\n  - name: q\n    match: queue_depth\n");

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "read", "--config.file", path, "--selector", "q", "--start", "0", "--end", "1");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            "sidecar: error: selector \"q\" reads from the query_range source \"default\"; sidecar read reads remote_read sources (raw samples) only\n",
            stderr);
    }

    [Fact]
    public async Task RunAsync_NothingListening_ReportsTheReadErrorAndExitsOne()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/api/v1/read";

        var (code, stdout, stderr) = await CliRunner.RunAsync(App(), "read", "--remote-read.url", url, "--match", "up", "--start", "0", "--end", "60");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("sidecar: error: ", stderr);
        Assert.Contains(url, stderr);
    }

    private string WriteConfig()
    {
        return _directory.Write("sidecar.yml", $$"""
            remote_read:
              - url: {{fixture.Server.RemoteReadUrl}}
                max_request_range: 2h
            selectors:
              - name: api_rps
                match: http_requests_total
                function: rate
                range: 5m
                aggregate: sum
                by: [job]
              - name: errors_by_instance
                match: 'http_requests_total{code=~"5..|200",instance!="c"}'
                function: increase
                range: 10m
                aggregate: max
                without: [code]
              - name: temperature
                match: temperature_celsius
                step: 30s
              - name: pods
                match: pod_requests_total
                function: delta
                range: 5m
                drop_labels: [pod]
            """);
    }

    private static LabelSet Unnamed(LabelSet labels) => LabelSet.From(labels.Where(l => l.Name != LabelSet.MetricName));

    private static TimeSeries Window(TimeSeries s, long fromMs, long toMs)
    {
        var keep = Enumerable.Range(0, s.Count).Where(i => s.TimestampsMs[i] >= fromMs && s.TimestampsMs[i] <= toMs).ToArray();
        return new TimeSeries(s.Labels, keep.Select(i => s.TimestampsMs[i]).ToArray(), keep.Select(i => s.Values[i]).ToArray());
    }

    private static string Unix(long ms) => (ms / 1000m).ToString(CultureInfo.InvariantCulture);

    private static string Rfc3339(long ms) => SeriesCsvWriter.FormatTimestamp(ms);

    /// <summary>Parses <c>series,timestamp,value</c> CSV (first field quoted) into rows per series, in output order.</summary>
    private static Dictionary<string, List<(long TimestampMs, double Value)>> ParseCsv(string csv)
    {
        var lines = csv.Split('\n');
        Assert.Equal(SeriesCsvWriter.Header, lines[0]);
        Assert.Equal("", lines[^1]);
        var result = new Dictionary<string, List<(long, double)>>();
        foreach (var line in lines[1..^1])
        {
            Assert.StartsWith("\"", line);
            var close = 1;
            var series = new System.Text.StringBuilder();
            while (true)
            {
                if (line[close] == '"' && line[close + 1] == '"')
                {
                    series.Append('"');
                    close += 2;
                }
                else if (line[close] == '"')
                {
                    break;
                }
                else
                {
                    series.Append(line[close++]);
                }
            }

            var rest = line[(close + 2)..].Split(',');
            Assert.Equal(2, rest.Length);
            var time = DateTimeOffset.Parse(rest[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
            var value = rest[1] switch
            {
                "NaN" => double.NaN,
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            if (!result.TryGetValue(series.ToString(), out var rows))
            {
                result[series.ToString()] = rows = [];
            }

            rows.Add((time, value));
        }

        return result;
    }
}
