namespace Sidecar.Testing;

/// <summary>A request a <see cref="LoopbackHttpServer"/> received: method, path and body text.</summary>
public sealed record LoopbackRequest(string Method, string Path, string Body);
