namespace Sidecar.Cli;

/// <summary>
/// The command line is wrong. The framework prints <c>sidecar: error: MESSAGE, try --help</c> and exits with
/// <see cref="ExitCodes.Usage"/>. Commands may throw it for combinations of flags the parser cannot check.
/// </summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
