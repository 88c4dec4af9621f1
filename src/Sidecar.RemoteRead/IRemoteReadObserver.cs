namespace Sidecar.RemoteRead;

/// <summary>
/// Receives one report per HTTP attempt, so a host can turn them into metrics (duration histogram, responses by
/// code, bytes, samples) without this library depending on a metrics package. Called from any thread, possibly
/// concurrently; implementations must be thread-safe and fast, and must not throw.
/// </summary>
public interface IRemoteReadObserver
{
    /// <summary>One attempt finished, successfully or not.</summary>
    void OnRequestCompleted(RemoteReadRequestReport report);
}
