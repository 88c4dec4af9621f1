namespace Sidecar.Scheduling;

/// <summary>
/// Whether <c>/-/ready</c> answers 200, and if not, why. The service sets it; the endpoint reads it. Thread-safe.
/// </summary>
public sealed class Readiness
{
    private volatile Snapshot _current = new(false, "starting");

    /// <summary>True once the service serves predictions for every selector.</summary>
    public bool IsReady => _current.Ready;

    /// <summary>Why the service is not ready (empty when it is).</summary>
    public string Reason => _current.Reason;

    /// <summary>Marks the service ready.</summary>
    public void SetReady() => _current = new(true, string.Empty);

    /// <summary>Marks the service not ready because of <paramref name="reason"/>.</summary>
    public void SetNotReady(string reason) => _current = new(false, reason);

    private sealed record Snapshot(bool Ready, string Reason);
}
