namespace Sidecar.Fuzz.Targets;

/// <summary>Every target, by name.</summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        new("streamed-frames", StreamedFramesTarget.Run),
        new("xor-chunk", XorChunkTarget.Run),
        new("snappy-samples", SnappySamplesTarget.Run),
        new("model-codec", ModelCodecTarget.Run),
        new("state-file", StateFileTarget.Run),
        new("config", ConfigTarget.Run),
        new("selector", SelectorTarget.Run),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
