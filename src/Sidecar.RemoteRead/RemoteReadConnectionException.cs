namespace Sidecar.RemoteRead;

/// <summary>The connection failed or broke (refused, reset, TLS failure, body cut off by the network).</summary>
public sealed class RemoteReadConnectionException : RemoteReadException
{
    /// <summary>Creates the exception.</summary>
    public RemoteReadConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>A new connection may work.</summary>
    public override bool IsRetryable => true;
}
