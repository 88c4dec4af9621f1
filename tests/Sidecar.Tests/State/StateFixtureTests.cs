using System.Buffers.Binary;
using System.Globalization;
using Sidecar.Models;
using Sidecar.Models.Serialization;
using Sidecar.Scheduling;
using Sidecar.Series;
using Sidecar.State;
using Sidecar.Tests.Scheduling;

namespace Sidecar.Tests.State;

/// <summary>
/// State files written by an older build (see Fixtures/README.md) are restored by this one without a refit: the
/// settings hash is accepted, nothing is read or fitted, and the models predict what they predicted when written.
/// </summary>
public sealed class StateFixtureTests
{
    /// <summary>Each kind's fixture, by the state (and model) format version that wrote it.</summary>
    public static TheoryData<string, int> Fixtures => new()
    {
        { "prophet", 1 },
        { "seasonal_baseline", 1 },
        { "ewma", 1 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Restore_FixtureOfAnOlderFormat_ServesItsModelsWithoutReadingOrFitting(string kind, int version)
    {
        using var f = new RunnerFixture();
        var (selector, name) = Install(f, kind, version);
        f.Reader.ClearQueries();
        var fitter = new NoFitter();
        using var runner = f.Runner(selector, fitter);

        Assert.True(runner.Restore());

        Assert.True(runner.IsServing);
        Assert.Equal((2, 0), runner.Counts());
        Assert.Empty(f.Reader.Queries);
        Assert.Equal(0, fitter.Prepared);
        Assert.Equal(0, await f.GaugeAsync("sidecar_state_load_failures_total", $"selector=\"{name}\""));
        var evalMs = StepGrid.AlignDown(f.NowMs, 60_000);
        foreach (var expected in Expected(name, version).Where(e => e.TimestampMs == evalMs))
        {
            var published = await f.GaugeAsync("predicted", $"instance=\"{expected.Instance}\"");
            Assert.Equal(expected.Predicted, published!.Value, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Load_FixtureOfAnOlderFormat_IsAcceptedAndItsModelsPredictAsWhenWritten(string kind, int version)
    {
        using var f = new RunnerFixture();
        var (selector, name) = Install(f, kind, version);

        var result = f.Store.Load(name, SettingsHash.Accepted(selector));

        Assert.Equal(StateLoadStatus.Loaded, result.Status);
        Assert.Equal(version, BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(result.Path).AsSpan(8)));
        var expected = Expected(name, version);
        Assert.NotEmpty(expected);
        foreach (var series in result.State!.Series)
        {
            Assert.Equal(version, BinaryPrimitives.ReadInt32LittleEndian(series.Model.AsSpan(4)));
            var model = FittedModelCodec.Decode(series.Model);
            var rows = expected.Where(e => e.Instance == series.Labels.Get("instance")).ToArray();
            Assert.All(rows, r => Assert.Equal(r.Kind, model.Kind));
            var ts = rows.Select(r => r.TimestampMs).ToArray();
            var (p, l, u) = (new double[ts.Length], new double[ts.Length], new double[ts.Length]);
            model.Predict(ts, p, l, u);
            Assert.Equal(rows.Select(r => r.Predicted), p);
            Assert.Equal(rows.Select(r => r.Lower), l);
            Assert.Equal(rows.Select(r => r.Upper), u);
        }
    }

    [Fact]
    public async Task Restore_FormatOneFixtureUnderContinuousTuning_ServesItsModelsUntunedThenTunes()
    {
        // tuning: is not part of the settings fingerprint (cv: is), and a file without tuning records restores untuned.
        using var f = new RunnerFixture();
        Install(f, "ewma", 1);
        var selector = RunnerFixture.Selector(
            "{name: fixture_ewma, match: 'requests{job=\"api\"}', model: {type: ewma}, tuning: {grid: {ewma_half_life: [1m, 1h]}}}");
        using var runner = f.Runner(selector);

        Assert.True(runner.Restore());
        Assert.Equal((2, 0), runner.Counts());
        Assert.Equal(0, await f.CountAsync("sidecar_series_tuning_info"));

        // The default cv (initial 7d) leaves no fold in the fixture's 2-day window: each series is tuned, and fails.
        Assert.True(await runner.FitAsync(CancellationToken.None));
        Assert.True(await runner.TuneAsync(CancellationToken.None));
        Assert.Equal(2, await f.GaugeAsync("sidecar_tuning_series_total", "decision=\"failed\""));
        Assert.Equal(2, await f.CountAsync("sidecar_series_tuning_info"));
        Assert.All(f.Store.Load("fixture_ewma", SettingsHash.Accepted(selector)).State!.Series, s => Assert.NotNull(s.Tuning));
    }

    private static (Sidecar.Config.SelectorConfig Selector, string Name) Install(RunnerFixture f, string kind, int version)
    {
        var name = "fixture_" + kind;
        var selector = RunnerFixture.Selector($"{{name: {name}, match: 'requests{{job=\"api\"}}', model: {{type: {kind}}}}}");
        Directory.CreateDirectory(f.Store.DirectoryPath);
        File.Copy(FixturePath($"v{version}", name + ".state"), f.Store.PathFor(name));
        return (selector, name);
    }

    private static string FixturePath(string folder, string file) =>
        Path.Combine(AppContext.BaseDirectory, "State", "Fixtures", folder, file);

    private static List<Prediction> Expected(string name, int version) =>
        File.ReadAllLines(FixturePath($"v{version}", "predictions.txt"))
            .Select(line => line.Split(' '))
            .Where(p => p[0] == name)
            .Select(p => new Prediction(
                p[1],
                Enum.Parse<ModelKind>(p[2]),
                long.Parse(p[3], CultureInfo.InvariantCulture),
                double.Parse(p[4], CultureInfo.InvariantCulture),
                double.Parse(p[5], CultureInfo.InvariantCulture),
                double.Parse(p[6], CultureInfo.InvariantCulture)))
            .ToList();

    private sealed record Prediction(string Instance, ModelKind Kind, long TimestampMs, double Predicted, double Lower, double Upper);

    /// <summary>Counts fit preparations; a restore must cause none.</summary>
    private sealed class NoFitter : IModelFitter
    {
        private int _prepared;

        public int Prepared => _prepared;

        public SeriesFit Prepare(long[] timestampsMs, ModelOptions options)
        {
            Interlocked.Increment(ref _prepared);
            return new GridModelFitter().Prepare(timestampsMs, options);
        }
    }
}
