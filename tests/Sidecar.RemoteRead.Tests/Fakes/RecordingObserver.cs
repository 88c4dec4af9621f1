using System.Collections.Concurrent;

namespace Sidecar.RemoteRead.Tests.Fakes;

/// <summary>Keeps every report, in completion order.</summary>
public sealed class RecordingObserver : IRemoteReadObserver
{
    private readonly ConcurrentQueue<RemoteReadRequestReport> _reports = new();

    public IReadOnlyList<RemoteReadRequestReport> Reports => [.. _reports];

    public void OnRequestCompleted(RemoteReadRequestReport report) => _reports.Enqueue(report);
}
