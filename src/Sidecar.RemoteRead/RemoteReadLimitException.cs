namespace Sidecar.RemoteRead;

/// <summary>
/// A response exceeded a configured decode bound (<see cref="RemoteReadClientOptions.MaxFrameBytes"/>,
/// <see cref="RemoteReadClientOptions.MaxResponseBytes"/>, <see cref="RemoteReadClientOptions.MaxSamplesPerRequest"/>).
/// Raised before the memory for the oversized part is allocated.
/// </summary>
public sealed class RemoteReadLimitException : RemoteReadException
{
    /// <summary>Creates the exception.</summary>
    public RemoteReadLimitException(string message, string limitName, long limit)
        : base(message)
    {
        LimitName = limitName;
        Limit = limit;
    }

    /// <summary>The option's configuration name, e.g. <c>max_frame_bytes</c>.</summary>
    public string LimitName { get; }

    /// <summary>The configured bound (bytes or samples).</summary>
    public long Limit { get; }
}
