using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Config.Binding;
using Sidecar.Models;
using Sidecar.Models.Serialization;
using Sidecar.RemoteRead;
using Sidecar.Scheduling;
using Sidecar.State;
using Sidecar.Testing;
using MatchType = Sidecar.RemoteRead.MatchType;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// A real Prometheus with the sidecar as a <c>remote_read</c> endpoint (<c>read_recent: true</c>), and a real
/// <c>sidecar run</c> reading its history from that Prometheus: a <c>query_range</c> over the future returns the
/// forecast, timestamp for timestamp and value for value what the sidecar's saved model predicts (decoded from its state
/// file in this process, and checked against <c>/metrics</c> at the present step). Matchers, a bad body and the sample
/// limit are checked too.
/// </summary>
public sealed class ForecastRemoteReadTests : IAsyncLifetime
{
    private const long StepMs = 60_000;
    private const int SampleLimit = 500;
    private const string Instance = "host-1.example.com:9100";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("sidecar-forecast-");
    private readonly int _port = FreePort.Next();
    private PrometheusServer _prometheus = null!;
    private SidecarProcess _sidecar = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000) / StepMs * StepMs;
        _prometheus = await PrometheusServer.StartAsync([History(end - (3 * 3_600_000L), end)], new PrometheusServerOptions
        {
            ExtraConfigYaml = $"""
                remote_read:
                  - url: http://127.0.0.1:{_port}/api/v1/read
                    read_recent: true
                    remote_timeout: 10s
                """,
        });
        _config = _directory.Write("sidecar.yml", $$"""
            remote_read:
              - url: {{_prometheus.RemoteReadUrl}}
                remote_timeout: 5s
            defaults:
              step: 1m
              fit_window: 3h
              fit_every: 1h
              infer_every: 1s
              min_history: 1h
            selectors:
              - name: load
                match: 'forecast_load{job="batch"}'
            """);
        _sidecar = SidecarProcess.Start(_config, _port, _directory.File("data"), $"--storage.remote.read-sample-limit={SampleLimit}");
        await _sidecar.WaitReadyAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task QueryRange_FutureRange_ReturnsTheSidecarsForecast()
    {
        var model = SavedModel();

        // The saved model is the one serving: /metrics shows its prediction at the present step.
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs;
        var shown = (await _sidecar.MetricsAsync()).Single(s => s.Name == "predicted" && s.Labels.GetValueOrDefault("selector") == "load");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs;
        Assert.Contains(shown.Value, new[] { before, after }.Select(t => Predict(model, [t]).Predicted[0]));

        var start = after + (10 * StepMs);
        var end = start + (59 * StepMs);
        var found = await _prometheus.QueryRangeAsync("{__name__=~\"predicted|predicted_lower|predicted_upper\",selector=\"load\"}", start, end, TimeSpan.FromMinutes(1));
        Assert.Equal(3, found.Count);

        var timestamps = Enumerable.Range(0, 60).Select(i => start + (i * StepMs)).ToArray();
        var expected = Predict(model, timestamps, ahead: true);
        var gaugeLabels = shown.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, values) in new[] { ("predicted", expected.Predicted), ("predicted_lower", expected.Lower), ("predicted_upper", expected.Upper) })
        {
            var series = Assert.Single(found, s => s.Labels.Name == name);
            Assert.Equal(gaugeLabels, series.Labels.Where(l => l.Name != "__name__").Select(l => KeyValuePair.Create(l.Name, l.Value)).ToList());
            Assert.Equal(timestamps, series.TimestampsMs);
            Assert.Equal(values, series.Values);
        }

        Assert.Contains(Instance, found[0].Labels.Get("instance"), StringComparison.Ordinal);
        Assert.True(expected.Upper.Zip(expected.Lower).All(p => p.First > p.Second), "a band of width zero would make the comparison weak");
        Assert.True((await _sidecar.ValueAsync("sidecar_forecast_read_samples_total")) >= 180);
    }

    [Fact]
    public async Task DashboardForecastPanel_FutureRange_DrawsTheForecast()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Repo.Path("examples/grafana/dashboards/sidecar.json")))!;
        var panel = dashboard["panels"]!.AsArray().Single(p => (string?)p!["title"] == "Forecast $series")!;

        // $series as Grafana lists it (the scraped gauge's labels, with honor_labels the same as on /metrics), :raw.
        var gauge = (await _sidecar.MetricsAsync()).Single(s => s.Name == "anomaly_score" && s.Labels.GetValueOrDefault("selector") == "load");
        var series = string.Join(",", gauge.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""));
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs) + (5 * StepMs);
        var end = start + (29 * StepMs);
        var points = new Dictionary<string, int>();
        foreach (var target in panel["targets"]!.AsArray())
        {
            var expr = ((string)target!["expr"]!).Replace("$selector", "load", StringComparison.Ordinal).Replace("${series:raw}", series, StringComparison.Ordinal);
            var found = await _prometheus.QueryRangeAsync(expr, start, end, TimeSpan.FromMinutes(1));
            points[(string)target["legendFormat"]!] = found.Sum(f => f.Values.Length);
        }

        Assert.Equal(30, points["upper"]);
        Assert.Equal(30, points["lower"]);
        Assert.Equal(30, points["predicted"]);
        Assert.Equal(0, points["value"]);
    }

    [Fact]
    public async Task QueryRange_PastRange_IsAnsweredByPrometheusOnly()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs;
        Assert.Empty(await _prometheus.QueryRangeAsync("predicted{selector=\"load\"}", now - (60 * StepMs), now - (2 * StepMs), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task QueryRange_Matchers_SelectAsPrometheusDoes()
    {
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs) + (10 * StepMs);
        var end = start + (9 * StepMs);
        var step = TimeSpan.FromMinutes(1);

        async Task<string[]> NamesAsync(string selector) =>
            (await _prometheus.QueryRangeAsync(selector, start, end, step)).Select(s => s.Labels.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["predicted_lower", "predicted_upper"], await NamesAsync("{__name__=~\"predicted_(lower|upper)\",instance=\"" + Instance + "\"}"));
        Assert.Equal(["predicted", "predicted_upper"], await NamesAsync("{__name__=~\"predicted.*\",__name__!=\"predicted_lower\",job=\"batch\"}"));
        Assert.Equal(["predicted"], await NamesAsync("predicted{instance=~\"host-1\\\\.example\\\\..*\",metric=\"forecast_load\"}"));
        Assert.Empty(await NamesAsync("predicted{instance!~\"host-1.*\"}"));
        Assert.Empty(await NamesAsync("predicted{selector=\"other\"}"));
        Assert.Empty(await NamesAsync("value{selector=\"load\"}"));
        Assert.Empty(await NamesAsync("anomaly_score{selector=\"load\"}"));

        // Straight at the sidecar, with our own client: an absent label matches "" as in PromQL.
        using var client = new RemoteReadClient(new RemoteReadClientOptions { Url = new Uri($"http://127.0.0.1:{_port}/api/v1/read") });
        var direct = await client.ReadAsync(new ReadQuery(start, end,
            [new Matcher(MatchType.Equal, "__name__", "predicted"), new Matcher(MatchType.Equal, "nonexistent", "")]));
        Assert.Equal(10, Assert.Single(direct).Count);
    }

    [Fact]
    public async Task Read_BadBodies_GetA400WithTheReason()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}/") };
        using (var response = await http.PostAsync("api/v1/read", new ByteArrayContent(Encoding.ASCII.GetBytes("not snappy at all"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("invalid remote-read request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var response = await http.GetAsync("api/v1/read"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }

        using var client = new RemoteReadClient(new RemoteReadClientOptions { Url = new Uri($"http://127.0.0.1:{_port}/api/v1/read"), MaxRetries = 0 });
        var error = await Assert.ThrowsAsync<RemoteReadHttpException>(() => client.ReadAsync(new ReadQuery(0, 1, [new Matcher(MatchType.RegexMatch, "job", "(?=x)")])));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("invalid matcher", error.BodyExcerpt, StringComparison.Ordinal);
        Assert.True((await _sidecar.ValueAsync("sidecar_forecast_read_requests_total", ("code", "400"))) >= 2);
    }

    [Fact]
    public async Task QueryRange_PastTheSampleLimit_PrometheusWarnsWithTheLimit()
    {
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / StepMs * StepMs) + (10 * StepMs);
        var end = start + ((SampleLimit + 10) * StepMs);
        var query = string.Create(CultureInfo.InvariantCulture, $"api/v1/query_range?query=predicted&start={start / 1000}&end={end / 1000}&step=60");
        using var json = await _prometheus.GetJsonAsync(query);
        var root = json.RootElement;
        Assert.Empty(root.GetProperty("data").GetProperty("result").EnumerateArray());
        var warnings = root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains($"exceeded sample limit ({SampleLimit})", StringComparison.Ordinal));
    }

    private IFittedModel SavedModel()
    {
        var selector = ConfigLoader.LoadFile(_config).Config!.Selectors.Single();
        var load = new StateStore(_directory.File("data")).Load("load", SettingsHash.Accepted(selector));
        var state = Assert.Single(load.State!.Series);
        return FittedModelCodec.Decode(state.Model);
    }

    // What the gauges show, written out here: the model's prediction, its lower edge raised to the model's floor;
    // ahead, the band widened with the horizon as a forecast's is.
    private static (double[] Predicted, double[] Lower, double[] Upper) Predict(IFittedModel model, long[] timestamps, bool ahead = false)
    {
        var predicted = new double[timestamps.Length];
        var lower = new double[timestamps.Length];
        var upper = new double[timestamps.Length];
        if (ahead)
        {
            model.PredictAhead(timestamps, predicted, lower, upper);
        }
        else
        {
            model.Predict(timestamps, predicted, lower, upper);
        }

        for (var i = 0; i < lower.Length; i++)
        {
            lower[i] = Math.Max(lower[i], Math.Min(model.LowerFloor, predicted[i]));
        }

        return (predicted, lower, upper);
    }

    private static TimeSeries History(long startMs, long endMs)
    {
        var random = new Random(3);
        var timestamps = new List<long>();
        var values = new List<double>();
        for (var t = startMs; t <= endMs; t += StepMs / 2)
        {
            timestamps.Add(t);
            values.Add(Math.Round(100 + (10 * Math.Sin(t / 1_800_000.0)) + (4 * (random.NextDouble() - 0.5)), 3));
        }

        return new TimeSeries(LabelSet.From(("__name__", "forecast_load"), ("instance", Instance), ("job", "batch")), [.. timestamps], [.. values]);
    }
}
