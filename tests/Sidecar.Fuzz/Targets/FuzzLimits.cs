using Sidecar.RemoteRead.Protocol;

namespace Sidecar.Fuzz.Targets;

/// <summary>The query range and limits the protocol targets decode with: small, so that the limits are reached too.</summary>
internal static class FuzzLimits
{
    /// <summary>2024-01-01T00:00:00Z, where the seeds start (unix ms).</summary>
    public const long StartMs = 1_704_067_200_000;

    /// <summary>One day after <see cref="StartMs"/> (unix ms).</summary>
    public const long EndMs = StartMs + 86_400_000;

    public static readonly DecodeLimits Limits = new(MaxFrameBytes: 64 << 10, MaxResponseBytes: 1 << 20, MaxSamples: 100_000);
}
