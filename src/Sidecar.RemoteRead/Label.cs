namespace Sidecar.RemoteRead;

/// <summary>One Prometheus label: a name and its value.</summary>
public readonly record struct Label(string Name, string Value);
