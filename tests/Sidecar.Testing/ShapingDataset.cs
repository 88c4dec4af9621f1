using Sidecar.RemoteRead;

namespace Sidecar.Testing;

/// <summary>
/// Six hours of deliberately awkward raw samples for proving shaping against a real Prometheus: counters with resets
/// (to zero and to a non-zero value), jittered and irregular scrape intervals, gaps shorter than, exactly at and longer
/// than the 5m lookback, samples exactly on grid points, a series starting mid-window, one sparser than the rate
/// window, a counter whose zero point lies within 1.1 scrape spacings (where Prometheus 2.x and 3.x differ), gauges
/// with negative values, NaN and ±Inf, and pods that restart or run concurrently under <c>drop_labels: [pod]</c>.
/// Deterministic for a given <see cref="StartMs"/>.
/// </summary>
public sealed class ShapingDataset
{
    public const long Second = 1000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;
    public const long Duration = 6 * Hour;

    public ShapingDataset(long startMs)
    {
        StartMs = startMs;
        var random = new Random(20240601);
        Requests = BuildRequests(random);
        Temperatures = BuildTemperatures(random);
        (Pods, MergedPods) = BuildPods(random);
    }

    /// <summary>Data start, unix ms, a whole minute.</summary>
    public long StartMs { get; }

    /// <summary>Data end (last possible sample), unix ms.</summary>
    public long EndMs => StartMs + Duration;

    /// <summary><c>http_requests_total</c>: counters.</summary>
    public IReadOnlyList<TimeSeries> Requests { get; }

    /// <summary><c>temperature_celsius</c>: gauges.</summary>
    public IReadOnlyList<TimeSeries> Temperatures { get; }

    /// <summary><c>pod_requests_total</c>: per-pod counters whose <c>pod</c> label churns.</summary>
    public IReadOnlyList<TimeSeries> Pods { get; }

    /// <summary>
    /// <c>pod_requests_merged_total</c>: what <c>drop_labels: [pod]</c> must make of <see cref="Pods"/>, built by hand
    /// for this data from the documented overlap rule.
    /// </summary>
    public IReadOnlyList<TimeSeries> MergedPods { get; }

    /// <summary>Raw samples of <see cref="Pods"/> the overlap rule must discard.</summary>
    public int PodSamplesDiscarded { get; private set; }

    /// <summary>Everything to backfill.</summary>
    public IEnumerable<TimeSeries> All => Requests.Concat(Temperatures).Concat(Pods).Concat(MergedPods);

    private IReadOnlyList<TimeSeries> BuildRequests(Random random)
    {
        var t0 = StartMs;
        var series = new List<TimeSeries>();

        // api/a: 15s ± 1.5s jitter; reset to 0 at 1h, a 12m gap at 2h, 10s scrapes 4h–4h30, reset to 3 at 3h20, 45s after 5h.
        var a = new Samples();
        double value = 120;
        for (var t = t0 + 3 * Second; t <= t0 + Duration;)
        {
            if (t >= t0 + 2 * Hour && t < t0 + 2 * Hour + 12 * Minute)
            {
                t = t0 + 2 * Hour + 12 * Minute + 4 * Second;
                continue;
            }

            value = Crossed(t, t0 + Hour, a) ? 0 : Crossed(t, t0 + 3 * Hour + 20 * Minute, a) ? 3 : value + random.Next(0, 21) + (random.Next(4) == 0 ? 0.25 : 0);
            a.Add(t, value);
            var interval = t >= t0 + 4 * Hour && t < t0 + 4 * Hour + 30 * Minute ? 10 * Second : t >= t0 + 5 * Hour ? 45 * Second : 15 * Second;
            t += interval + (interval == 15 * Second ? random.Next(-1500, 1501) : 0);
        }

        series.Add(a.Build(("__name__", "http_requests_total"), ("job", "api"), ("instance", "a"), ("code", "200")));

        // api/b 200: starts mid-window at 2h17m, exact 30s scrapes on the minute grid, large values (no zero clamp).
        var b = new Samples();
        value = 1e6;
        for (var t = t0 + 2 * Hour + 17 * Minute; t <= t0 + Duration; t += 30 * Second)
        {
            value += random.Next(50, 150) + random.NextDouble();
            b.Add(t, value);
        }

        series.Add(b.Build(("__name__", "http_requests_total"), ("job", "api"), ("instance", "b"), ("code", "200")));

        // api/b 500: sparse, every 2–4 minutes, from 0 upwards: windows with 0 or 1 sample and zero-point clamping.
        var e = new Samples();
        value = 0;
        for (var t = t0 + 90 * Second; t <= t0 + Duration; t += random.Next(120, 241) * Second)
        {
            e.Add(t, value);
            value += random.Next(0, 3);
        }

        series.Add(e.Build(("__name__", "http_requests_total"), ("job", "api"), ("instance", "b"), ("code", "500")));

        // web/c: starts at 30m07s with 8 and +10 per 15s: the zero point is 0.8 spacings before the first sample.
        var c = new Samples();
        value = 8;
        for (var t = t0 + 30 * Minute + 7 * Second; t <= t0 + Duration; t += 15 * Second)
        {
            c.Add(t, value);
            value += 10;
        }

        series.Add(c.Build(("__name__", "http_requests_total"), ("job", "web"), ("instance", "c"), ("code", "200")));

        // web/d: on the minute grid; gaps of 4m, exactly 5m (+30s), 12m; ends 20m before the data end.
        var d = new Samples();
        value = 50;
        for (var t = t0; t <= t0 + Duration - 20 * Minute; t += 30 * Second)
        {
            var offset = t - t0;
            if ((offset > Hour && offset < Hour + 4 * Minute)
                || (offset > 2 * Hour && offset < 2 * Hour + 5 * Minute + 30 * Second)
                || (offset > 3 * Hour && offset < 3 * Hour + 12 * Minute))
            {
                continue;
            }

            value += random.Next(0, 7);
            d.Add(t, value);
        }

        series.Add(d.Build(("__name__", "http_requests_total"), ("job", "web"), ("instance", "d"), ("code", "200")));
        return series;
    }

    private IReadOnlyList<TimeSeries> BuildTemperatures(Random random)
    {
        var t0 = StartMs;
        var series = new List<TimeSeries>();
        var specials = new Dictionary<string, (long At, double Value)[]>
        {
            ["a"] = [(t0 + 90 * Minute, double.NaN), (t0 + 3 * Hour, double.PositiveInfinity)],
            ["c"] = [(t0 + 3 * Hour, double.NegativeInfinity), (t0 + 4 * Hour, double.PositiveInfinity)],
            ["d"] = [],
        };
        foreach (var (instance, job) in new[] { ("a", "api"), ("c", "web"), ("d", "web") })
        {
            var s = new Samples();
            var value = -3.5;
            var t = t0 + random.Next(0, 20_000);
            while (t <= t0 + Duration)
            {
                value += (random.NextDouble() - 0.5) * 4;
                var special = specials[instance].FirstOrDefault(x => x.At <= t && x.At > t - 60 * Second);
                s.Add(t, special.At != 0 ? special.Value : value);
                t += random.Next(10, 61) * Second + random.Next(0, 1000);
                if (instance == "d" && t > t0 + 2 * Hour && t < t0 + 2 * Hour + 20 * Minute)
                {
                    t = t0 + 2 * Hour + 20 * Minute;
                }
            }

            series.Add(s.Build(("__name__", "temperature_celsius"), ("job", job), ("instance", instance)));
        }

        return series;
    }

    private (IReadOnlyList<TimeSeries> Pods, IReadOnlyList<TimeSeries> Merged) BuildPods(Random random)
    {
        var t0 = StartMs;

        // api: aaaaa runs to 2h; bbbbb restarts it from 1h59m30s (30s overlap) to 4h; 0cccc (ranked first) from 4h01m.
        var aaaaa = Counter(random, t0 + 5 * Second, t0 + 2 * Hour, 500);
        var bbbbb = Counter(random, t0 + 2 * Hour - 30 * Second, t0 + 4 * Hour, 0);
        var cccc0 = Counter(random, t0 + 4 * Hour + Minute, t0 + Duration, 2);

        // web: web-1 and web-2 run concurrently 1h–3h; web-2 goes on to 3h30 (a misused drop_labels).
        var web1 = Counter(random, t0 + Hour, t0 + 3 * Hour, 10);
        var web2 = Counter(random, t0 + Hour + 7 * Second, t0 + 3 * Hour + 30 * Minute, 20);

        var pods = new List<TimeSeries>
        {
            aaaaa.Build(("__name__", "pod_requests_total"), ("job", "api"), ("pod", "api-7f9c-aaaaa")),
            bbbbb.Build(("__name__", "pod_requests_total"), ("job", "api"), ("pod", "api-7f9c-bbbbb")),
            cccc0.Build(("__name__", "pod_requests_total"), ("job", "api"), ("pod", "api-7f9c-0cccc")),
            web1.Build(("__name__", "pod_requests_total"), ("job", "web"), ("pod", "web-1")),
            web2.Build(("__name__", "pod_requests_total"), ("job", "web"), ("pod", "web-2")),
        };

        var apiLastOfA = aaaaa.LastT;
        var api = new Samples();
        api.AddRange(aaaaa, _ => true);
        api.AddRange(bbbbb, t => t > apiLastOfA);
        api.AddRange(cccc0, _ => true);
        var web = new Samples();
        web.AddRange(web1, _ => true);
        web.AddRange(web2, t => t > web1.LastT || t < web1.FirstT);
        PodSamplesDiscarded = bbbbb.Count(t => t <= apiLastOfA) + web2.Count(t => t >= web1.FirstT && t <= web1.LastT);

        var merged = new List<TimeSeries>
        {
            api.Build(("__name__", "pod_requests_merged_total"), ("job", "api")),
            web.Build(("__name__", "pod_requests_merged_total"), ("job", "web")),
        };
        return (pods, merged);
    }

    private static Samples Counter(Random random, long from, long to, double initial)
    {
        var s = new Samples();
        var value = initial;
        for (var t = from; t <= to; t += 15 * Second)
        {
            s.Add(t, value);
            value += random.Next(0, 30);
        }

        return s;
    }

    // True once, for the first sample at or after `at`.
    private static bool Crossed(long t, long at, Samples samples) => t >= at && (samples.LastT < at);

    private sealed class Samples
    {
        private readonly List<long> _t = [];
        private readonly List<double> _v = [];

        public long FirstT => _t[0];

        public long LastT => _t.Count == 0 ? long.MinValue : _t[^1];

        public void Add(long t, double v)
        {
            _t.Add(t);
            _v.Add(v);
        }

        public void AddRange(Samples other, Func<long, bool> keep)
        {
            for (var i = 0; i < other._t.Count; i++)
            {
                if (keep(other._t[i]))
                {
                    Add(other._t[i], other._v[i]);
                }
            }
        }

        public int Count(Func<long, bool> predicate) => _t.Count(predicate);

        public TimeSeries Build(params (string Name, string Value)[] labels) =>
            new(LabelSet.From(labels), [.. _t], [.. _v]);
    }
}
