using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// One <c>remote_write</c> entry's self-metrics (label <c>remote_write</c>), published at zero on creation.
/// <see cref="Dispose"/> removes them when the entry leaves the configuration. Thread-safe.
/// </summary>
public sealed class RemoteWriteMetrics : IDisposable
{
    private readonly SelfMetrics _families;
    private readonly string _name;

    internal RemoteWriteMetrics(SelfMetrics families, string name)
    {
        _families = families;
        _name = name;
        Sent = families.RemoteWriteSent.WithLabels(name);
        Failed = families.RemoteWriteFailed.WithLabels(name);
        Dropped = families.RemoteWriteDropped.WithLabels(name);
        Retries = families.RemoteWriteRetries.WithLabels(name);
        LastSuccess = families.RemoteWriteLastSuccess.WithLabels(name);
        Queued = families.RemoteWriteQueue.WithLabels(name);
        LastSuccess.Set(0);
        Queued.Set(0);
    }

    /// <summary>Samples accepted by the receiver.</summary>
    public Counter.Child Sent { get; }

    /// <summary>Samples given up on after a 4xx or past the retries.</summary>
    public Counter.Child Failed { get; }

    /// <summary>Samples dropped unsent (queue full, entry removed, shutdown).</summary>
    public Counter.Child Dropped { get; }

    /// <summary>Requests retried.</summary>
    public Counter.Child Retries { get; }

    /// <summary>Unix seconds of the last accepted request.</summary>
    public Gauge.Child LastSuccess { get; }

    /// <summary>Samples queued now.</summary>
    public Gauge.Child Queued { get; }

    /// <summary>Removes every child of this entry.</summary>
    public void Dispose()
    {
        _families.RemoteWriteSent.RemoveLabelled(_name);
        _families.RemoteWriteFailed.RemoveLabelled(_name);
        _families.RemoteWriteDropped.RemoveLabelled(_name);
        _families.RemoteWriteRetries.RemoveLabelled(_name);
        _families.RemoteWriteLastSuccess.RemoveLabelled(_name);
        _families.RemoteWriteQueue.RemoveLabelled(_name);
    }
}
