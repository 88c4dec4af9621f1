namespace Sidecar.Tests.EndToEnd;

/// <summary>One alert in one Alertmanager webhook notification, as the test received it.</summary>
public sealed record AlertEvent(DateTimeOffset ReceivedAt, string Status, IReadOnlyDictionary<string, string> Labels)
{
    public string AlertName => Labels.GetValueOrDefault("alertname", "");

    public string Severity => Labels.GetValueOrDefault("severity", "");
}
