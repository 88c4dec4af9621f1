namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// One request's decoded series parts, with the samples kept and the body bytes received. Owns the arena that
/// holds the samples: dispose after assembling (<see cref="SeriesAssembler"/>).
/// </summary>
internal sealed class DecodedResponse(IReadOnlyList<SeriesPart> parts, SampleArena arena, long samples, long bodyBytes) : IDisposable
{
    public IReadOnlyList<SeriesPart> Parts { get; } = parts;

    public long Samples { get; } = samples;

    public long BodyBytes { get; } = bodyBytes;

    public void Dispose() => arena.Dispose();
}
