namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// One series' samples from one response, in place in a <see cref="SampleArena"/> segment: [Offset, Offset + Count).
/// <see cref="Unordered"/> when they are not strictly ascending (overlapping chunks).
/// </summary>
internal readonly record struct SeriesPart(LabelSet Labels, long[] Timestamps, double[] Values, int Offset, int Count, bool Unordered);
