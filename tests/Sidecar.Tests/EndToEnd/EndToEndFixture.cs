using System.Globalization;
using System.Text.Json;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// Everything real around the sidecar, shared by the end-to-end tests: a loopback scrape target whose value the test
/// controls (six hours of its history backfilled), Prometheus scraping it and the sidecar every second and evaluating
/// a copy of <c>rules/sidecar-alerts.yml</c> with short durations, a real Alertmanager posting to a webhook this
/// fixture hosts, and a fault-injection proxy between the sidecar and Prometheus's remote-read endpoint.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public const string Selector = "checkout";
    public const double Normal = 100;

    private readonly List<AlertEvent> _events = [];
    private readonly Random _noise = new(7);
    private readonly Lock _overrideGate = new();
    private readonly TempDirectory _directory = new("sidecar-e2e-");
    private double? _override;

    public string Directory => _directory.Path;

    public int SidecarPort { get; } = FreePort.Next();

    public LoopbackHttpServer Target { get; private set; } = null!;

    public LoopbackHttpServer Webhook { get; private set; } = null!;

    public AlertmanagerServer Alertmanager { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    public TcpFaultProxy Proxy { get; private set; } = null!;

    public string ConfigFile => Path.Combine(Directory, "sidecar.yml");

    /// <summary>Sets the target's value (an anomaly), or back to normal traffic with null.</summary>
    public void SetTargetValue(double? value)
    {
        lock (_overrideGate)
        {
            _override = value;
        }
    }

    /// <summary>Alert notifications received so far.</summary>
    public IReadOnlyList<AlertEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Target = LoopbackHttpServer.Start(_ => LoopbackResponse.Metrics(
            "# HELP checkout_requests Requests per second of the checkout service.\n# TYPE checkout_requests gauge\n" +
            $"checkout_requests {CurrentValue().ToString("R", CultureInfo.InvariantCulture)}\n"));
        Webhook = LoopbackHttpServer.Start(request =>
        {
            Receive(request.Body);
            return LoopbackResponse.Ok;
        });
        Alertmanager = await AlertmanagerServer.StartAsync($$"""
            route:
              receiver: webhook
              group_by: ['...']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: webhook
                webhook_configs:
                  - url: {{Webhook.BaseAddress}}alerts
                    send_resolved: true
            """);

        var rules = RuleFileCopy.Write(
            Repo.Path("rules/sidecar-alerts.yml"), Path.Combine(Directory, "rules.yml"), ["sidecar.anomaly", "sidecar.health"], "3s", "1s");
        await ExternalProcess.RunAsync("promtool", ["check", "rules", rules]);

        Prometheus = await PrometheusServer.StartAsync(History(), new PrometheusServerOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(1),
            ExtraConfigYaml = $$"""
                rule_files: ['{{rules}}']
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['{{Alertmanager.HostPort}}']}]
                scrape_configs:
                  - job_name: checkout
                    static_configs: [{targets: ['{{Target.HostPort}}']}]
                  - job_name: sidecar
                    honor_labels: true
                    static_configs: [{targets: ['127.0.0.1:{{SidecarPort}}']}]
                """,
        });
        Proxy = TcpFaultProxy.Start(Prometheus.BaseAddress.Port);
        await File.WriteAllTextAsync(ConfigFile, ConfigText());
    }

    /// <summary>
    /// The sidecar config of these tests: reads through the proxy, a 2 s step, inference every second. Extra YAML
    /// goes at the top level (<paramref name="top"/>, e.g. <c>output_naming</c>) or into the selector
    /// (<paramref name="selector"/>, e.g. <c>model: {...}</c>).
    /// </summary>
    public string ConfigText(string selector = "", string top = "") => $$"""
        {{top}}
        remote_read:
          - url: http://127.0.0.1:{{Proxy.Port}}/api/v1/read
            remote_timeout: 2s
            max_retries: 1
            min_backoff: 100ms
            max_backoff: 500ms
        defaults:
          step: 2s
          fit_window: 6h
          fit_every: 1h
          infer_every: 1s
          min_history: 1h
          series_ttl: 1h
        selectors:
          - name: {{Selector}}
            match: 'checkout_requests{job="checkout"}'
            {{selector}}
        """;

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Prometheus.DisposeAsync();
        await Alertmanager.DisposeAsync();
        await Webhook.DisposeAsync();
        await Target.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A fresh storage directory for one sidecar life.</summary>
    public string NewStorage() => Path.Combine(Directory, "data-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Starts the built sidecar on <see cref="SidecarPort"/> with the test config.</summary>
    public SidecarProcess StartSidecar(string storage, string? configFile = null) =>
        SidecarProcess.Start(configFile ?? ConfigFile, SidecarPort, storage);

    /// <summary>Events for one alert name and severity since <paramref name="since"/>, in arrival order.</summary>
    public List<AlertEvent> EventsOf(string alertName, string severity, DateTimeOffset since) =>
        Events.Where(e => e.AlertName == alertName && e.Severity == severity && e.ReceivedAt >= since).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds or fails after <paramref name="timeout"/>, naming <paramref name="what"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, SidecarProcess? sidecar = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"timed out after {timeout} waiting for {what}\nalerts: {string.Join("; ", Events.Select(e => $"{e.ReceivedAt:HH:mm:ss.fff} {e.AlertName}/{e.Severity} {e.Status}"))}\nsidecar log:\n{sidecar?.Log}\nprometheus log:\n{Prometheus.Log}");
            await Task.Delay(250);
        }
    }

    private double CurrentValue()
    {
        lock (_overrideGate)
        {
            if (_override is { } value)
            {
                return value;
            }
        }

        lock (_noise)
        {
            // Live traffic stays well inside the spread of its history, so nothing fires before the injection.
            return Normal + (_noise.NextDouble() - 0.5);
        }
    }

    private IEnumerable<TimeSeries> History()
    {
        var random = new Random(11);
        var end = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000) / 10_000 * 10_000;
        var start = end - 6 * 3_600_000L - 60_000;
        var timestamps = new List<long>();
        var values = new List<double>();
        for (var t = start; t <= end; t += 10_000)
        {
            timestamps.Add(t);
            values.Add(Normal + 4 * (random.NextDouble() - 0.5));
        }

        var labels = LabelSet.From(("__name__", "checkout_requests"), ("job", "checkout"), ("instance", Target.HostPort));
        return [new TimeSeries(labels, [.. timestamps], [.. values])];
    }

    private void Receive(string body)
    {
        using var json = JsonDocument.Parse(body);
        var now = DateTimeOffset.UtcNow;
        lock (_events)
        {
            foreach (var alert in json.RootElement.GetProperty("alerts").EnumerateArray())
            {
                var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
                _events.Add(new AlertEvent(now, alert.GetProperty("status").GetString()!, labels));
            }
        }
    }
}
