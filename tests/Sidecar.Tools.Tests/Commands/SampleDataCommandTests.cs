using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sidecar.Cli;
using Sidecar.Testing;
using Sidecar.Tools.Commands;
using Sidecar.Tools.Demo;

namespace Sidecar.Tools.Tests.Commands;

public sealed class SampleDataCommandTests : IDisposable
{
    // Wednesday 2025-11-26 15:42:37.250 UTC.
    private static readonly DateTimeOffset s_now = new(2025, 11, 26, 15, 42, 37, 250, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("sidecar-cmd-");
    private readonly string _directory;
    private readonly CliApp _app = new("sidecar", "test", [new SampleDataCommand(new FakeTimeProvider(s_now))]);

    public SampleDataCommandTests()
    {
        _directory = _temp.File("out");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_Defaults_FourteenDaysOfThirtySeriesEndingNowWithEveryEvent()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(_app, "sample-data", "--out", _directory);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, SampleDataWriter.ManifestFileName)));
        Assert.Equal("2025-11-26T15:42:00Z", manifest.RootElement.GetProperty("end").GetString());
        Assert.Equal(30, manifest.RootElement.GetProperty("series").GetInt32());
        Assert.Equal(30L * 14 * 1440, manifest.RootElement.GetProperty("samples").GetInt64());
        Assert.StartsWith($"wrote 169 files, 30 series, 604800 samples to {_directory}\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  holiday  2025-11-19 (Wednesday)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  outage   2025-11-21 14:10 for 1h", stdout, StringComparison.Ordinal);
        Assert.Contains("  anomaly  since 2025-11-26 16:27, ongoing", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExplicitFlags_PassedToTheGenerator()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(
            _app, "sample-data", "-o", _directory, "--end", "2025-11-20T00:00:00Z", "--days", "1", "--series", "3",
            "--interval", "30s", "--seed", "9", "--time-zone", "America/New_York");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, SampleDataWriter.ManifestFileName)));
        var root = manifest.RootElement;
        Assert.Equal("2025-11-20T00:00:00Z", root.GetProperty("end").GetString());
        Assert.Equal(30, root.GetProperty("interval_seconds").GetInt32());
        Assert.Equal(9, root.GetProperty("seed").GetInt32());
        Assert.Equal("America/New_York", root.GetProperty("time_zone").GetString());
        Assert.Equal(3L * 2880, root.GetProperty("samples").GetInt64());
    }

    [Fact]
    public async Task RunAsync_EndInTheFuture_UsageErrorAndNothingWritten()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(_app, "sample-data", "--out", _directory, "--end", "2025-11-26T16:00:00Z");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is in the future", stderr);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task RunAsync_InvalidOptions_UsageErrorNamingEveryProblem()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(_app, "sample-data", "--out", _directory, "--series", "1", "--days", "0", "--time-zone", "Nowhere/City");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("series must be between 2", stderr);
        Assert.Contains("days must be between 1", stderr);
        Assert.Contains("Nowhere/City", stderr);
    }

    [Fact]
    public async Task RunAsync_BadServeAddress_UsageErrorBeforeWritingAnything()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(_app, "sample-data", "--out", _directory, "--serve", "9718");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--serve", stderr);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task RunAsync_WithoutOut_UsageError()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(_app, "sample-data");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--out", stderr);
    }
}
