namespace Sidecar.Tools.Demo;

/// <summary>
/// Generates the samples of a <see cref="SampleScenario"/> for a list of <see cref="SampleSeries"/>, window by
/// window, deterministically from a seed: a daily cycle in local time (weekday ≠ weekend, a lower holiday), a slow
/// upward trend, autocorrelated noise and Poisson counting noise, a one-hour outage to near zero after which the
/// API processes restart (counters reset), and the ongoing anomaly. Pure (no clock, no I/O). Not thread-safe;
/// stateful: every call continues where the previous one stopped.
/// </summary>
public sealed class SampleTrafficGenerator
{
    /// <summary>Relative growth of traffic per day.</summary>
    public const double TrendPerDay = 0.004;

    /// <summary>Remaining share of traffic during the outage.</summary>
    public const double OutageFactor = 0.02;

    private static readonly TimeSpan s_anomalyRamp = TimeSpan.FromMinutes(3);

    private readonly SampleScenario _scenario;
    private readonly IReadOnlyList<SampleSeries> _series;
    private readonly SeriesState[] _states;
    private long _lastTimestamp = long.MinValue;

    /// <summary>Creates a generator positioned before the scenario's first sample.</summary>
    public SampleTrafficGenerator(SampleScenario scenario, IReadOnlyList<SampleSeries> series, int seed)
    {
        _scenario = scenario;
        _series = series;
        _states = new SeriesState[series.Count];
        for (var s = 0; s < _states.Length; s++)
        {
            _states[s] = new SeriesState(new Random(SeedMix.Combine(seed, s, 104_729)));
            if (series[s].Kind == SampleSeriesKind.Counter)
            {
                // The process has been up for a while: the counter does not start at zero.
                _states[s].Value = Math.Floor(series[s].PeakLevel * 3600 * (1 + (5 * _states[s].Random.NextDouble())));
            }
        }
    }

    /// <summary>The series, in the order of <see cref="SampleWindow.Values"/>.</summary>
    public IReadOnlyList<SampleSeries> Series => _series;

    /// <summary>
    /// Every window from the first sample to the last, in time order. Enumerate once: it advances the generator,
    /// which <see cref="Advance"/> can then continue past the scenario's end.
    /// </summary>
    public IEnumerable<SampleWindow> Windows()
    {
        var interval = _scenario.IntervalSeconds;
        var windowStart = FloorTo(_scenario.StartSeconds, SampleWindow.LengthSeconds);
        for (; windowStart <= _scenario.EndSeconds; windowStart += SampleWindow.LengthSeconds)
        {
            var first = Math.Max(_scenario.StartSeconds, CeilTo(windowStart - _scenario.StartSeconds, interval) + _scenario.StartSeconds);
            var last = Math.Min(_scenario.EndSeconds, windowStart + SampleWindow.LengthSeconds - 1);
            if (first > last)
            {
                continue;
            }

            var timestamps = new long[((last - first) / interval) + 1];
            for (var i = 0; i < timestamps.Length; i++)
            {
                timestamps[i] = first + ((long)i * interval);
            }

            yield return new SampleWindow(windowStart, timestamps, Advance(timestamps));
        }
    }

    /// <summary>
    /// Values of every series (indexed <c>[series][sample]</c>) at <paramref name="timestampsSeconds"/>, which must
    /// ascend and follow the last timestamp generated; each series continues from its state, so counters keep
    /// counting and the ongoing anomaly goes on past the scenario's end.
    /// </summary>
    /// <exception cref="ArgumentException">The timestamps do not follow the last generated one in ascending order.</exception>
    public double[][] Advance(long[] timestampsSeconds)
    {
        for (var i = 0; i < timestampsSeconds.Length; i++)
        {
            var previous = i == 0 ? _lastTimestamp : timestampsSeconds[i - 1];
            if (timestampsSeconds[i] <= previous)
            {
                throw new ArgumentException(
                    $"timestamp {timestampsSeconds[i]} does not follow {previous}; samples are generated in time order, once",
                    nameof(timestampsSeconds));
            }
        }

        var conditions = Conditions(timestampsSeconds);
        var values = new double[_series.Count][];
        for (var s = 0; s < _series.Count; s++)
        {
            values[s] = _series[s].Kind == SampleSeriesKind.Counter
                ? CounterValues(_series[s], _states[s], conditions, _scenario.IntervalSeconds)
                : GaugeValues(_series[s], _states[s], conditions);
        }

        if (timestampsSeconds.Length > 0)
        {
            _lastTimestamp = timestampsSeconds[^1];
        }

        return values;
    }

    private StepConditions[] Conditions(long[] timestamps)
    {
        var result = new StepConditions[timestamps.Length];
        var outage = _scenario.Outage;
        var anomalyStartMs = _scenario.Anomaly.StartMs;
        var intervalMs = _scenario.IntervalSeconds * 1000L;
        for (var i = 0; i < timestamps.Length; i++)
        {
            var ms = timestamps[i] * 1000;
            var local = _scenario.LocalTime(timestamps[i]);
            var date = DateOnly.FromDateTime(local);
            var load = DailyTrafficCurve.Load(
                local.TimeOfDay.TotalHours, _scenario.KindOf(date.AddDays(-1)), _scenario.KindOf(date), _scenario.KindOf(date.AddDays(1)));
            var days = (timestamps[i] - _scenario.StartSeconds) / 86_400.0;
            var ramp = ms < anomalyStartMs
                ? 0.0
                : Math.Min(1.0, (ms - anomalyStartMs + intervalMs) / s_anomalyRamp.TotalMilliseconds);
            result[i] = new StepConditions(
                Load: load * (1 + (TrendPerDay * days)),
                InOutage: outage?.Contains(ms) == true,
                Restart: outage is { } o && ms >= o.EndMs && ms - intervalMs < o.EndMs,
                AnomalyRamp: ramp);
        }

        return result;
    }

    private static double[] CounterValues(SampleSeries series, SeriesState state, StepConditions[] conditions, int interval)
    {
        var values = new double[conditions.Length];
        for (var i = 0; i < conditions.Length; i++)
        {
            var c = conditions[i];
            state.Noise = (0.8 * state.Noise) + (0.03 * NextGaussian(state.Random));
            var rate = series.PeakLevel * c.Load * Math.Exp(state.Noise);
            rate = Anomalous(rate, series, c);
            if (c.InOutage)
            {
                rate *= OutageFactor;
            }

            var increment = NextPoisson(state.Random, rate * interval);
            // After the outage the API processes restart: counters begin again from zero.
            state.Value = c.Restart ? increment : state.Value + increment;
            values[i] = state.Value;
        }

        return values;
    }

    private static double[] GaugeValues(SampleSeries series, SeriesState state, StepConditions[] conditions)
    {
        var values = new double[conditions.Length];
        for (var i = 0; i < conditions.Length; i++)
        {
            var c = conditions[i];
            // Queues are burstier than request rates: slower, larger noise.
            state.Noise = (0.9 * state.Noise) + (0.06 * NextGaussian(state.Random));
            var level = series.PeakLevel * Math.Pow(c.Load, 1.5) * Math.Exp(state.Noise);
            level = Anomalous(level, series, c);
            if (c.InOutage)
            {
                level *= OutageFactor;
            }

            values[i] = Math.Max(0, Math.Round(level + (2 * NextGaussian(state.Random))));
        }

        return values;
    }

    private static double Anomalous(double normal, SampleSeries series, StepConditions c) =>
        c.AnomalyRamp == 0 || !series.IsAnomalous
            ? normal
            : (normal * (1 - (c.AnomalyRamp * (1 - series.AnomalyFactor)))) + (c.AnomalyRamp * series.AnomalyExtraLevel * c.Load);

    private static double NextGaussian(Random random)
    {
        // Box–Muller; 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double NextPoisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 50)
        {
            return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * NextGaussian(random))));
        }

        // Knuth's multiplication method: exact, and cheap for small means.
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    private static long FloorTo(long value, long unit) => (value / unit * unit) - (value % unit < 0 ? unit : 0);

    private static long CeilTo(long value, long unit) => -FloorTo(-value, unit);

    private readonly record struct StepConditions(double Load, bool InOutage, bool Restart, double AnomalyRamp);

    private sealed class SeriesState(Random random)
    {
        public Random Random { get; } = random;

        public double Noise { get; set; }

        public double Value { get; set; }
    }
}
