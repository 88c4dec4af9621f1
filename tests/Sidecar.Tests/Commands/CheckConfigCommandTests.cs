using Sidecar.Cli;
using Sidecar.Commands;
using Sidecar.Testing;

namespace Sidecar.Tests.Commands;

public sealed class CheckConfigCommandTests : IDisposable
{
    private static readonly CliApp App = new("sidecar", "test", [new CheckConfigCommand()]);

    private readonly TempDirectory _directory = new("sidecar-check-");
    private int _files;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RunAsync_ValidFiles_PrintsSummaryPerFileAndExitsZero()
    {
        var examples = Repo.Path("examples");
        var minimal = Path.Combine(examples, "sidecar.yml");
        var full = Path.Combine(examples, "sidecar-full.yml");

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", minimal, full);

        Assert.Equal(0, code);
        Assert.Equal($"{minimal}: valid: 1 remote_read, 3 selectors\n{full}: valid: 1 remote_read, 1 selector\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task RunAsync_AlertmanagerSection_IsShownWithoutCredentials()
    {
        var path = WriteTemp("""
            remote_read:
              - url: http://127.0.0.1:9090/api/v1/read
            alertmanager:
              url: https://alertmanager:9093/api/v2/silences
              poll_interval: 30s
              basic_auth: {username: sidecar, password: s3cr3t}
            selectors:
              - {name: a, match: up}
            """);

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", path);

        Assert.Equal(0, code);
        Assert.Equal($"{path}: valid: 1 remote_read, 1 selector, silences from https://alertmanager:9093/api/v2/silences every 30s\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task RunAsync_BadContinuousTuningKeys_PrintsEachWithFileLineAndColumn()
    {
        var path = WriteTemp("""
            remote_read:
              - url: http://127.0.0.1:9090/api/v1/read
            selectors:
              - name: q
                match: queue_depth
                tuning:
                  grid: {ewma_half_life: [5m, 1h]}
                  tune_every: 1d
                  min_improvement: 1.5
                  cycle_budget: 3h
                  alert_hold: soon
            """);

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", path);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"{path}:9:24: selectors[0].tuning.min_improvement: must be at least 0 and below 1 (a relative improvement: 0.05 is 5 %), got 1.5\n" +
            $"{path}:10:21: selectors[0].tuning.cycle_budget: must be at most 1h, got 3h: a tuning cycle runs after every fit run and should leave the CPU to the fits\n" +
            $"{path}:11:19: selectors[0].tuning.alert_hold: invalid duration \"soon\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)\n",
            stderr);
    }

    [Fact]
    public async Task RunAsync_InvalidFile_PrintsEveryProblemOnStderrAndExitsOne()
    {
        var path = WriteTemp("""
            remote_read:
              - url: http://127.0.0.1:9090/api/v1/read
            selectors:
              - name: a
                match: 'up{'
                fit_every: soon
            """);

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", path);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"{path}:5:16: selectors[0].match: invalid series selector: unexpected end of selector: missing '}}'\n" +
            $"{path}:6:16: selectors[0].fit_every: invalid duration \"soon\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)\n",
            stderr);
    }

    [Fact]
    public async Task RunAsync_RemoteWriteAndExposedFamilies_AreInTheSummary()
    {
        var path = WriteTemp(ConfigText.RemoteRead + """
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
            exposition:
              families: [anomaly_score, predicted]
            selectors:
              - {name: a, match: up}
            """);

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", path);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal($"{path}: valid: 1 remote_read, 1 remote_write, 1 selector, /metrics families: anomaly_score, predicted\n", stdout);
    }

    [Fact]
    public async Task RunAsync_OneValidOneInvalid_ReportsBothAndExitsOne()
    {
        var good = WriteTemp(ConfigText.RemoteRead + "selectors:\n  - {name: a, match: up}\n");
        var bad = WriteTemp("output_naming: prometheus\n");

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", good, bad);

        Assert.Equal(1, code);
        Assert.Equal($"{good}: valid: 1 remote_read, 1 selector\n", stdout);
        Assert.StartsWith($"{bad}:1:16: output_naming: unknown value \"prometheus\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WarningOnly_ExitsZeroAndPrintsWarning()
    {
        var path = WriteTemp("remote_read:\n  - url: http://127.0.0.1:9090\n");

        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config", path);

        Assert.Equal(0, code);
        Assert.Equal($"{path}: valid: 1 remote_read, 0 selectors\n", stdout);
        Assert.Equal($"{path}:2:10: warning: remote_read[0].url: the URL has no path; Prometheus serves remote read at /api/v1/read\n", stderr);
    }

    [Fact]
    public async Task RunAsync_MissingFile_ExitsOne()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(App, "check", "config", "/nonexistent.yml");

        Assert.Equal(1, code);
        Assert.StartsWith("/nonexistent.yml: cannot read file:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoFile_UsageErrorExitsTwo()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(App, "check", "config");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("sidecar: error: required argument 'FILE' not provided, try --help\n", stderr);
    }

    /// <summary>Writes <paramref name="yaml"/> as a <c>sidecar.yml</c> of its own folder.</summary>
    private string WriteTemp(string yaml) => _directory.Write(Path.Combine((++_files).ToString(System.Globalization.CultureInfo.InvariantCulture), "sidecar.yml"), yaml);
}
