using System.Globalization;
using Sidecar.RemoteRead;

namespace Sidecar.Tools.Demo;

/// <summary>
/// The series of the sample data: <c>http_requests_total{job="api",instance,route,code}</c> counters of a messaging
/// API and <c>queue_depth{job="worker",instance}</c> gauges of its workers. Series are added instance by instance,
/// the busiest route/code pairs first, so that any count holds the anomalous ones.
/// </summary>
public static class SampleSeriesCatalog
{
    /// <summary>Name of the request counter.</summary>
    public const string RequestsMetric = "http_requests_total";

    /// <summary>Name of the queue gauge.</summary>
    public const string QueueMetric = "queue_depth";

    /// <summary>Requests per second one API instance serves at a relative load of 1.0 (before its size factor).</summary>
    public const double InstancePeakRate = 60.0;

    /// <summary>Messages waiting in one worker's queue at a relative load of 1.0.</summary>
    public const double WorkerPeakDepth = 150.0;

    /// <summary>Share of the anomalous route's requests that fail with 500 during the anomaly.</summary>
    public const double AnomalyErrorShare = 0.20;

    /// <summary>Multiplier of the anomalous route's successful requests during the anomaly.</summary>
    public const double AnomalySuccessFactor = 0.35;

    // Share of one instance's traffic per route/code pair, busiest and most telling first.
    private static readonly (string Route, string Code, double Share)[] s_routes =
    [
        (SampleScenario.AnomalyRoute, "200", 0.40 * 0.986),
        (SampleScenario.AnomalyRoute, "500", 0.40 * 0.001),
        ("/api/v1/conversations", "200", 0.25 * 0.99),
        ("/api/v1/presence", "200", 0.15 * 0.998),
        ("/api/v1/users/me", "200", 0.08 * 0.97),
        ("/api/v1/attachments", "200", 0.07 * 0.98),
        ("/api/v1/login", "200", 0.05 * 0.92),
        ("/api/v1/login", "401", 0.05 * 0.08),
        (SampleScenario.AnomalyRoute, "429", 0.40 * 0.008),
        (SampleScenario.AnomalyRoute, "400", 0.40 * 0.005),
        ("/api/v1/conversations", "404", 0.25 * 0.01),
        ("/api/v1/presence", "503", 0.15 * 0.002),
        ("/api/v1/users/me", "401", 0.08 * 0.03),
        ("/api/v1/attachments", "413", 0.07 * 0.02),
    ];

    /// <summary>Number of route/code pairs one API instance serves.</summary>
    public static int RoutesPerInstance => s_routes.Length;

    /// <summary>Number of <c>queue_depth</c> series among <paramref name="count"/> series: about one in fifteen, at least one.</summary>
    public static int WorkerCount(int count) => Math.Max(1, count / 15);

    /// <summary>Builds <paramref name="count"/> series (at least 2); instance sizes vary with <paramref name="seed"/>.</summary>
    public static IReadOnlyList<SampleSeries> Build(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        var workers = WorkerCount(count);
        var requests = count - workers;
        var series = new List<SampleSeries>(count);
        for (var k = 0; k < requests; k++)
        {
            var instance = k / s_routes.Length;
            var (route, code, share) = s_routes[k % s_routes.Length];
            var peak = InstancePeakRate * SizeFactor(seed, instance) * share;
            var routePeak = InstancePeakRate * SizeFactor(seed, instance) * RouteShare(route);
            var labels = LabelSet.From(
                (LabelSet.MetricName, RequestsMetric),
                ("job", "api"),
                ("instance", string.Create(CultureInfo.InvariantCulture, $"api-{instance}:8080")),
                ("route", route),
                ("code", code));
            series.Add((route, code) switch
            {
                (SampleScenario.AnomalyRoute, "200") => new SampleSeries(labels, SampleSeriesKind.Counter, peak, AnomalySuccessFactor),
                (SampleScenario.AnomalyRoute, "500") => new SampleSeries(labels, SampleSeriesKind.Counter, peak, 1.0, AnomalyErrorShare * routePeak),
                _ => new SampleSeries(labels, SampleSeriesKind.Counter, peak),
            });
        }

        for (var w = 0; w < workers; w++)
        {
            var labels = LabelSet.From(
                (LabelSet.MetricName, QueueMetric),
                ("job", "worker"),
                ("instance", string.Create(CultureInfo.InvariantCulture, $"worker-{w}:9100")));
            series.Add(new SampleSeries(labels, SampleSeriesKind.Gauge, WorkerPeakDepth * SizeFactor(seed, -1 - w)));
        }

        return series;
    }

    private static double RouteShare(string route) => s_routes.Where(r => r.Route == route).Sum(r => r.Share);

    // Instances differ in size by up to ±20 %, the same for the same seed on every machine.
    private static double SizeFactor(int seed, int instance) =>
        0.8 + (0.4 * new Random(SeedMix.Combine(seed, instance, 7919)).NextDouble());
}
