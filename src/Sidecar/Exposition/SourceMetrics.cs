using System.Globalization;
using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// One remote-read source's self-metrics (label <c>source</c>). <see cref="Dispose"/> removes them when the source
/// leaves the configuration. Thread-safe.
/// </summary>
public sealed class SourceMetrics : IDisposable
{
    private readonly SelfMetrics _families;
    private readonly string _source;
    private readonly HashSet<string> _codes = [];

    internal SourceMetrics(SelfMetrics families, string source)
    {
        _families = families;
        _source = source;
        Duration = families.RemoteReadDuration.WithLabels(source);
        Bytes = families.RemoteReadBytes.WithLabels(source);
        Samples = families.RemoteReadSamples.WithLabels(source);
        Up = families.RemoteReadUp.WithLabels(source);
        Up.Set(0);
    }

    /// <summary>Request durations, seconds.</summary>
    public Histogram.Child Duration { get; }

    /// <summary>Response body bytes.</summary>
    public Counter.Child Bytes { get; }

    /// <summary>Samples decoded.</summary>
    public Counter.Child Samples { get; }

    /// <summary>1 after a successful read, 0 after a failed one (and before the first).</summary>
    public Gauge.Child Up { get; }

    /// <summary>Counts one response with HTTP <paramref name="statusCode"/>, or <c>error</c> when null.</summary>
    public void CountResponse(int? statusCode) => CountResponseCode(statusCode?.ToString(CultureInfo.InvariantCulture) ?? "error");

    /// <summary>Counts one response under the label value <paramref name="code"/> (a status, or a failure's name).</summary>
    public void CountResponseCode(string code)
    {
        lock (_codes)
        {
            _codes.Add(code);
        }

        _families.RemoteReadResponses.WithLabels(_source, code).Inc();
    }

    /// <summary>Removes every child of this source.</summary>
    public void Dispose()
    {
        _families.RemoteReadDuration.RemoveLabelled(_source);
        _families.RemoteReadBytes.RemoveLabelled(_source);
        _families.RemoteReadSamples.RemoveLabelled(_source);
        _families.RemoteReadUp.RemoveLabelled(_source);
        lock (_codes)
        {
            foreach (var code in _codes)
            {
                _families.RemoteReadResponses.RemoveLabelled(_source, code);
            }
        }
    }
}
