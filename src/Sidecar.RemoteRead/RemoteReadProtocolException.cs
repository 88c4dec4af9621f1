namespace Sidecar.RemoteRead;

/// <summary>
/// The server answered 2xx but the body is not a valid remote-read response: wrong content type, truncated stream,
/// CRC mismatch, malformed protobuf, snappy or XOR chunk, or a result count that does not match the query count.
/// The whole request's data is discarded: no partial result is ever returned.
/// </summary>
public sealed class RemoteReadProtocolException : RemoteReadException
{
    /// <summary>Creates the exception.</summary>
    public RemoteReadProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
