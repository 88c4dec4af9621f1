namespace Sidecar.RemoteRead;

/// <summary>
/// One remote-read query: the series matching all <see cref="Matchers"/> with samples in
/// [<see cref="StartMs"/>, <see cref="EndMs"/>] (unix milliseconds, both inclusive, as Prometheus treats them).
/// </summary>
public sealed record ReadQuery(long StartMs, long EndMs, IReadOnlyList<Matcher> Matchers);
