namespace Sidecar.Models.Serialization;

/// <summary>The bytes are not a fitted model this version can read: wrong magic, unknown version, truncated or corrupt.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
