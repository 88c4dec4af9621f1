namespace Sidecar.RemoteRead;

/// <summary>
/// A remote-read request failed. The subclasses say how: <see cref="RemoteReadHttpException"/>,
/// <see cref="RemoteReadProtocolException"/>, <see cref="RemoteReadLimitException"/>,
/// <see cref="RemoteReadTimeoutException"/>, <see cref="RemoteReadConnectionException"/>,
/// <see cref="RemoteReadCredentialsException"/>. Messages never contain secrets.
/// </summary>
public abstract class RemoteReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected RemoteReadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>True when the same request may succeed if sent again (429, 5xx, a broken connection).</summary>
    public virtual bool IsRetryable => false;
}
