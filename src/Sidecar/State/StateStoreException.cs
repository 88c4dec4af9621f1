namespace Sidecar.State;

/// <summary>A selector's state could not be written; the message says which file and why.</summary>
public sealed class StateStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StateStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StateStoreException(string message)
        : base(message)
    {
    }
}
