namespace Sidecar.RemoteRead;

/// <summary>A credentials file (<c>password_file</c>, <c>credentials_file</c>, <c>bearer_token_file</c>) could not be read.</summary>
public sealed class RemoteReadCredentialsException : RemoteReadException
{
    /// <summary>Creates the exception.</summary>
    public RemoteReadCredentialsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
