namespace Sidecar.RemoteRead;

/// <summary>One HTTP request (headers and whole body) took longer than <see cref="RemoteReadClientOptions.RemoteTimeout"/>.</summary>
public sealed class RemoteReadTimeoutException : RemoteReadException
{
    /// <summary>Creates the exception.</summary>
    public RemoteReadTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : base(message, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
