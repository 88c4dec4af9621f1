namespace Sidecar.RemoteRead.Protocol;

/// <summary>The bounds every response decode enforces (bytes, bytes, samples).</summary>
internal readonly record struct DecodeLimits(int MaxFrameBytes, long MaxResponseBytes, long MaxSamples)
{
    public static DecodeLimits From(RemoteReadClientOptions options) =>
        new(checked((int)options.MaxFrameBytes), options.MaxResponseBytes, options.MaxSamplesPerRequest);

    public void CheckSamples(long samples)
    {
        if (samples > MaxSamples)
        {
            throw new RemoteReadLimitException(
                $"response has more than max_samples_per_request={MaxSamples} samples", "max_samples_per_request", MaxSamples);
        }
    }
}
