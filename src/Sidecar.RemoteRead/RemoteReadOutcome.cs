namespace Sidecar.RemoteRead;

/// <summary>How one HTTP attempt ended.</summary>
public enum RemoteReadOutcome
{
    /// <summary>2xx and the whole body decoded.</summary>
    Success,

    /// <summary>Non-2xx status.</summary>
    HttpError,

    /// <summary>2xx but the body was invalid (see <see cref="RemoteReadProtocolException"/>).</summary>
    ProtocolError,

    /// <summary>A decode bound was exceeded (see <see cref="RemoteReadLimitException"/>).</summary>
    LimitExceeded,

    /// <summary><see cref="RemoteReadClientOptions.RemoteTimeout"/> elapsed.</summary>
    Timeout,

    /// <summary>The connection failed or broke.</summary>
    ConnectionError,

    /// <summary>A credentials file could not be read; nothing was sent.</summary>
    CredentialsError,

    /// <summary>The caller cancelled.</summary>
    Canceled,
}
