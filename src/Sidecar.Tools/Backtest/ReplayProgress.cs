using System.Diagnostics;
using System.Globalization;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Progress within one file's replay: <see cref="Wrap"/> gives the fitter that the replay calls, which after each fit
/// prints how far through the file's time range the replay is (the last point the fit saw), with an ETA from the time
/// taken since the first fit. Fits dominate a replay's time and come at a steady pace once the fit window is full.
/// Lines are written under the runner's lock, at most one per <see cref="BacktestSettings.ProgressInterval"/>.
/// Used by one replay (one thread) at a time.
/// </summary>
internal sealed class ReplayProgress
{
    private readonly string _name;
    private readonly long _lastMs;
    private readonly TimeSpan _interval;
    private readonly TextWriter _writer;
    private readonly object _gate;
    private readonly Stopwatch _clock = new();
    private TimeSpan _printed;
    private long _firstFitMs;
    private int _fits;

    public ReplayProgress(string name, long lastMs, TimeSpan interval, TextWriter writer, object gate)
    {
        _name = name;
        _lastMs = lastMs;
        _interval = interval;
        _writer = writer;
        _gate = gate;
    }

    /// <summary><paramref name="fit"/>, reporting after each call.</summary>
    public ModelFit Wrap(ModelFit fit) => (timestampsMs, values, options) =>
    {
        var model = fit(timestampsMs, values, options);
        Fitted(timestampsMs[^1]);
        return model;
    };

    private void Fitted(long seenMs)
    {
        _fits++;
        if (_fits == 1)
        {
            _firstFitMs = seenMs;
            _clock.Start();
            return;
        }

        var elapsed = _clock.Elapsed;
        if (elapsed - _printed < _interval || _lastMs <= _firstFitMs)
        {
            return;
        }

        _printed = elapsed;
        double done = Math.Clamp((double)(seenMs - _firstFitMs) / (_lastMs - _firstFitMs), 0, 1);
        string eta = done > 0 ? Span(elapsed.TotalSeconds * (1 - done) / done) : "unknown";
        string at = DateTimeOffset.FromUnixTimeMilliseconds(seenMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {_name}: {100 * done:F0}% replayed (up to {at}, {_fits} fits, {Span(elapsed.TotalSeconds)}), ETA {eta}"));
        }
    }

    /// <summary>Seconds as a progress line writes them: 12s, 3m05s, 1h02m.</summary>
    internal static string Span(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:D2}m")
            : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:D2}s")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s");
    }
}
