using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.Series;
using Sidecar.State;
using Sidecar.Testing;

namespace Sidecar.Tests.Scheduling;

/// <summary>
/// A selector runner on a fake clock with a fresh registry, a temporary state directory, the real models and an
/// in-memory reader holding three days of one-minute data for two series.
/// </summary>
internal sealed class RunnerFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 12, 0, 30, TimeSpan.Zero);

    public const string DefaultsYaml = """
        defaults:
          step: 1m
          fit_window: 2d
          fit_every: 1h
          infer_every: 1m
          min_history: 1h
          series_ttl: 30m
          model: {type: prophet}
        """;

    private readonly TempDirectory _directory = new("sidecar-runner-");

    public RunnerFixture()
    {
        Storage = _directory.File("state");
        Store = new StateStore(Storage);
        Self = new SelfMetrics(Metrics.WithCustomRegistry(Registry));
        Gauges = new PredictionGauges(Metrics.WithCustomRegistry(Registry), OutputFamilyNames.Default, new ScrapeGate());
        Exclusions = new ExclusionBook(
            new ExclusionStore(Storage, Time), new ExclusionMetrics(Metrics.WithCustomRegistry(Registry)), Time, NullLogger<ExclusionBook>.Instance);
        var from = Start.AddDays(-3).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        var to = Start.AddDays(1).ToUnixTimeMilliseconds();
        Reader.Add(SeriesData.Daily(Labels("a"), from, to, seed: 1));
        Reader.Add(SeriesData.Daily(Labels("b"), from, to, level: 500, amplitude: 100, seed: 2));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public InMemorySeriesReader Reader { get; } = new();

    public string Storage { get; }

    public StateStore Store { get; set; }

    public SelfMetrics Self { get; }

    public PredictionGauges Gauges { get; }

    public ExclusionBook Exclusions { get; }

    public SchedulerLimits Limits { get; } = new(fitParallelism: 2, fitReadSlice: TimeSpan.FromDays(1));

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static LabelSet Labels(string instance) =>
        LabelSet.From(("__name__", "requests"), ("job", "api"), ("instance", instance));

    public static SelectorConfig Selector(string selectorYaml = "{name: s, match: 'requests{job=\"api\"}'}", string defaultsYaml = DefaultsYaml)
    {
        var yaml = $"remote_read:\n  - url: http://127.0.0.1:9/api/v1/read\n{defaultsYaml}\nselectors:\n  - {selectorYaml}\n";
        var result = ConfigLoader.Load(yaml, "test.yml");
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Config!.Selectors);
    }

    public SelectorRunner Runner(
        SelectorConfig? selector = null, IModelFitter? fitter = null, SelectorMetrics? metrics = null, ILogger? logger = null, SeriesShard? shard = null)
    {
        selector ??= Selector();
        return new SelectorRunner(
            selector, Reader, fitter ?? new GridModelFitter(), Store, Gauges, metrics ?? Self.ForSelector(selector.Name), Limits, Exclusions, Time,
            logger ?? NullLogger.Instance, shard);
    }

    public async Task<string[]> SamplesAsync() => MetricsText.Samples(await MetricsText.RenderAsync(Registry));

    /// <summary>The value of the sample of <paramref name="name"/> whose labels contain every given pair, or null.</summary>
    public async Task<double?> GaugeAsync(string name, params string[] labelPairs)
    {
        foreach (var line in await SamplesAsync())
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && labelPairs.All(p => line.Contains(p, StringComparison.Ordinal)))
            {
                var value = line[(line.LastIndexOf(' ') + 1)..];
                return value == "NaN" ? double.NaN : double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public async Task<int> CountAsync(string name) =>
        (await SamplesAsync()).Count(l => l.StartsWith(name + "{", StringComparison.Ordinal));

    public void Dispose()
    {
        Limits.Dispose();
        _directory.Dispose();
    }
}
